// Runs a compiled connector: steps strictly in order, each waiting for the previous one; stores
// `steps.<name>` for later steps; stops at the first failure; answers with the last step's
// response. No I/O of its own: upstream calls go through the injected client.
import { AuthError, type Authenticator } from '../auth/types.js';
import { CachingUpstreamClient } from '../cache/caching-client.js';
import type { CacheOutcome, ResponseCache } from '../cache/response-cache.js';
import {
  UpstreamError,
  type CancelSignal,
  type StreamedUpstreamResponse,
  type UpstreamClient,
  type UpstreamRequest,
  type UpstreamResponse,
} from '../http/types.js';
import { TemplateRenderError, type TemplateEnv } from '../template/types.js';
import type { RequestTracing, StepResult } from '../observability/tracing.js';
import type { CallerRequest } from './caller-request.js';
import type { DebugStepRequest } from './debug-request.js';
import { stepFailureStatus, unexpectedFailure, type ConnectorFailure, type StepFailureKind } from './failure.js';
import type { PreparedConnector, PreparedStep } from './prepared-connector.js';
import { buildStepRequest, StepRenderError, type BuiltStepRequest, type StepRequestContext } from './step-request.js';
import { conditionHolds, ranStepValue, skippedStepValue } from './step-condition.js';
import { runByDependencies, ScheduleCancellation } from './step-schedule.js';
import { headersDict, requestVariables, responseValue, utf8OrNone } from './template-inputs.js';
import { ExecutionClock, type StepTiming } from './timing.js';
import { engineLimitError, renderWithBudget } from '../template/render-budget.js';

export interface ExecutorDependencies {
  readonly http: UpstreamClient;
  /** Needed only by steps with authentication other than `none`. */
  readonly authenticator: Authenticator | null;
  readonly maxHeaderValueBytes: number;
  /** Caches the responses of GET/HEAD steps (SPEC §5); absent or null: every step reaches its upstream. */
  readonly responseCache?: ResponseCache | null;
  /** One span per step when tracing is on (runtime/observability/tracing.ts); absent or null: off. */
  readonly tracing?: RequestTracing | null;
}

export interface ConnectorResponse {
  readonly status: number;
  /** `response_content_type` of the last step, else the upstream's Content-Type. */
  readonly contentType: string | null;
  /** The last step's response_body result, or the upstream bytes unchanged (empty when streamed). */
  readonly body: string | Buffer;
  /**
   * The upstream body still to be passed through (ExecutionRequest.streamBody): a regular
   * connector without response template whose answer is not stored in the cache; else null.
   */
  readonly stream?: StreamedUpstreamResponse | null;
}

interface ExecutionBase {
  readonly kind: 'regular' | 'composite';
  readonly steps: readonly StepTiming[];
  readonly totalMs: number;
  /** Where the time went (regular connectors' timing split). */
  readonly clock: ExecutionClock;
  /** Present when debug output was asked for: one entry per step that got as far as being sent. */
  readonly debug: readonly DebugStepRequest[] | null;
}

export type ExecutionResult =
  | (ExecutionBase & { readonly ok: true; readonly response: ConnectorResponse })
  | (ExecutionBase & { readonly ok: false; readonly failure: ConnectorFailure });

type StepOutcome =
  | {
      readonly ok: true;
      readonly skipped: false;
      readonly upstream: UpstreamResponse;
      readonly body: string | null;
      readonly transformed: string | null;
      readonly cache: CacheOutcome | null;
      readonly stream: StreamedUpstreamResponse | null;
    }
  | { readonly ok: true; readonly skipped: true }
  | { readonly ok: false; readonly failure: ConnectorFailure; readonly statusCode: number | null };

const SKIPPED: StepOutcome = { ok: true, skipped: true };

function stepFailure(
  prepared: PreparedStep,
  kind: StepFailureKind,
  message: string,
  detail: string | null,
  upstreamStatus: number | null = null,
): StepOutcome {
  const failure: ConnectorFailure = {
    kind,
    status: stepFailureStatus(kind),
    scope: prepared.scopes[kind],
    message,
    step: { name: prepared.name, index: prepared.index },
    upstreamStatus,
    detail,
  };
  return { ok: false, failure, statusCode: upstreamStatus };
}

function isNamed(err: unknown, name: string): err is Error {
  // By name as well as by class: generated modules may carry their own copy of the runtime.
  return err instanceof Error && err.name === name;
}

const UPSTREAM_MESSAGES: Readonly<Record<UpstreamError['kind'], string>> = {
  timeout: 'The upstream service did not answer in time',
  network: 'Could not reach the upstream service',
  'too-large': 'The upstream response exceeded the size limit',
  'blocked-address': 'The upstream address is not allowed',
  overloaded: 'The upstream service is overloaded: too many concurrent requests to it from this server',
};

/** Maps what a step threw to its failure; error messages shown to the widget never quote data. */
function failureOf(prepared: PreparedStep, err: unknown, clock: ExecutionClock): StepOutcome {
  if (err instanceof TemplateRenderError || isNamed(err, 'TemplateRenderError')) {
    const code = (err as TemplateRenderError).code ?? 'error';
    return stepFailure(prepared, 'rendering', `A template of this step failed to render (${code})`, err.message);
  }
  if (err instanceof ResponseTemplateError) {
    const inner = err.cause;
    const code = inner instanceof TemplateRenderError || isNamed(inner, 'TemplateRenderError') ? ((inner as TemplateRenderError).code ?? 'error') : 'recursion';
    const detail = inner instanceof Error ? inner.message : null;
    // A regular connector's response_body has its own scope; a composite step's is a template of the step.
    return prepared.regular
      ? stepFailure(prepared, 'response-rendering', `The response template failed to render (${code})`, detail, err.upstreamStatus)
      : stepFailure(prepared, 'rendering', `A template of this step failed to render (${code})`, detail, err.upstreamStatus);
  }
  if (err instanceof StepRenderError) return stepFailure(prepared, 'rendering', err.message, null);
  if (err instanceof AuthError || isNamed(err, 'AuthError')) {
    // The strategies' messages name the problem (and at most an HTTP status), never bodies or keys.
    return (err as AuthError).kind === 'signing'
      ? stepFailure(prepared, 'jwt-signing', `Could not sign the JWT: ${err.message}`, err.message)
      : stepFailure(prepared, 'token-request', `The token request failed: ${err.message}`, err.message);
  }
  if (err instanceof UpstreamError || isNamed(err, 'UpstreamError')) {
    const kind = (err as UpstreamError).kind;
    if (kind === 'timeout') clock.timedOut = true;
    return stepFailure(prepared, 'network', UPSTREAM_MESSAGES[kind] ?? UPSTREAM_MESSAGES.network, err.message);
  }
  const tooLarge = engineLimitError(err);
  if (tooLarge !== null && tooLarge.code === 'budget-exceeded') {
    // A string or list past what V8 can hold: the render budget's failure, never a 500.
    return stepFailure(prepared, 'rendering', 'A template of this step failed to render (budget-exceeded)', tooLarge.message);
  }
  if (isStackOverflow(err)) {
    // Data nested deeper than rendering can follow (a payload of 200k '[' read with from_json):
    // what Jinja2's RecursionError is, a rendering failure of this step, not a server fault.
    return stepFailure(prepared, 'rendering', 'A template of this step failed to render (recursion)', 'maximum recursion depth exceeded');
  }
  throw err;
}

/** A response_body that failed: carries the upstream status so the log and the timing can name it. */
class ResponseTemplateError extends Error {
  override readonly name = 'ResponseTemplateError';
  constructor(
    override readonly cause: unknown,
    readonly upstreamStatus: number,
  ) {
    super('response template failed');
  }
}

function isStackOverflow(err: unknown): boolean {
  return err instanceof RangeError && err.message === 'Maximum call stack size exceeded';
}

interface SentStep {
  readonly built: BuiltStepRequest;
  /** A streamed answer's status and headers, with an empty body: the body is in `stream`. */
  readonly upstream: UpstreamResponse;
  readonly cache: CacheOutcome | null;
  readonly stream: StreamedUpstreamResponse | null;
}

const NO_BYTES = Buffer.alloc(0);

/**
 * Runs the steps of one execution. It is also the upstream client steps and token requests see
 * (ctx.http): every call through `request` is timed as external. Methods, not closures: nothing
 * is built per execution beyond the runner itself.
 */
class StepRunner implements UpstreamClient {
  /** The response cache around this runner (the timed client); made only when a cacheable step runs. */
  private cached: CachingUpstreamClient | null = null;

  constructor(
    private readonly deps: ExecutorDependencies,
    /** The request's variables: `response` is set around each response_body. */
    private readonly vars: Map<string, unknown>,
    private readonly ctx: StepRequestContext,
    private readonly debug: DebugStepRequest[] | null,
    private readonly clock: ExecutionClock,
    /** The server passes a regular connector's untemplated body through (ExecutionRequest.streamBody). */
    private readonly streamBody: boolean,
  ) {}

  async request(request: UpstreamRequest): Promise<UpstreamResponse> {
    const { clock } = this;
    const started = performance.now();
    clock.lastUpstreamUrl = request.url;
    try {
      return await this.deps.http.request(request);
    } finally {
      clock.externalMs += performance.now() - started;
    }
  }

  /** Like `request`, timed up to the response head: the body is passed through later, by the server. */
  async stream(request: UpstreamRequest): Promise<StreamedUpstreamResponse> {
    const { clock } = this;
    const started = performance.now();
    clock.lastUpstreamUrl = request.url;
    try {
      return await this.deps.http.stream!(request);
    } finally {
      clock.externalMs += performance.now() - started;
    }
  }

  close(): Promise<void> {
    return this.deps.http.close();
  }

  private async send(prepared: PreparedStep): Promise<SentStep> {
    const { clock } = this;
    const setupStarted = performance.now();
    const externalBefore = clock.externalMs;
    const building = buildStepRequest(prepared, this.ctx);
    const built = building instanceof Promise ? await building : building;
    clock.setupMs += performance.now() - setupStarted - (clock.externalMs - externalBefore);
    if (this.debug !== null && built.debug !== null) this.debug.push(built.debug);
    const { request } = built;
    const cache = this.deps.responseCache;
    // Steps that can never be cached (and servers without a cache) skip the wrapper entirely.
    const cached = request.cacheNamespace === undefined || cache === undefined || cache === null ? null : (this.cached ??= new CachingUpstreamClient(cache, this, this.ctx.tenantId));
    // Nothing to transform: the body may go to the caller as it arrives (unless the cache keeps it).
    const streams = this.streamBody && prepared.isLast && prepared.regular && prepared.step.responseBody === null && this.deps.http.stream !== undefined;
    if (cached === null) {
      if (!streams) return { built, upstream: await this.request(request), cache: null, stream: null };
      const head = await this.stream(request);
      return { built, upstream: { status: head.status, headers: head.headers, body: NO_BYTES }, cache: null, stream: head };
    }
    // After rendering and authentication: the key is the request exactly as it goes on the wire.
    const cacheStarted = performance.now();
    const externalBeforeCache = clock.externalMs;
    try {
      if (!streams) {
        const upstream = await cached.request(request);
        const outcome = (clock.cache = upstream.cache ?? null);
        return { built, upstream, cache: outcome, stream: null };
      }
      const head = await cached.stream(request);
      const outcome = (clock.cache = head.cache ?? null);
      return { built, upstream: { status: head.status, headers: head.headers, body: NO_BYTES }, cache: outcome, stream: head };
    } finally {
      clock.cacheMs += performance.now() - cacheStarted - (clock.externalMs - externalBeforeCache);
    }
  }

  async run(prepared: PreparedStep): Promise<StepOutcome> {
    try {
      const { when } = prepared.step;
      if (when !== undefined && !conditionHolds(when, this.vars, this.ctx.env)) return SKIPPED;
      let { built, upstream, cache, stream } = await this.send(prepared);
      if (upstream.status === 401 && built.auth?.invalidate !== undefined) {
        // A cached token was refused: drop it and try once more with a fresh one.
        built.auth.invalidate();
        stream?.discard();
        // This step's own entry: under execution: parallel other steps may have added theirs since.
        if (this.debug !== null && built.debug !== null) this.debug.splice(this.debug.lastIndexOf(built.debug), 1);
        ({ built, upstream, cache, stream } = await this.send(prepared));
      }
      // A composite step's 4xx/5xx stops the chain; a regular connector's goes to the widget
      // through its response template, so authors can normalise errors (SPEC §5).
      if (upstream.status >= 400 && !prepared.regular) {
        return stepFailure(prepared, 'http-error', `The upstream service answered HTTP ${upstream.status}`, null, upstream.status);
      }
      const template = prepared.step.responseBody;
      if (template === null) {
        // Only later steps read the text of a passed-through body: the last step skips decoding it.
        return { ok: true, skipped: false, upstream, body: prepared.isLast ? null : utf8OrNone(upstream.body), transformed: null, cache, stream };
      }
      if (typeof template === 'string') return { ok: true, skipped: false, upstream, body: template, transformed: template, cache, stream: null };
      const { vars } = this;
      vars.set('response', responseValue(utf8OrNone(upstream.body), upstream.status, headersDict(upstream.headers)));
      const transformStarted = performance.now();
      try {
        const transformed = renderWithBudget(template.render, vars, this.ctx.env);
        return { ok: true, skipped: false, upstream, body: transformed, transformed, cache, stream: null };
      } catch (err) {
        if (err instanceof TemplateRenderError || isNamed(err, 'TemplateRenderError') || isStackOverflow(err)) {
          throw new ResponseTemplateError(err, upstream.status);
        }
        throw err;
      } finally {
        this.clock.transformMs += performance.now() - transformStarted;
        vars.delete('response');
      }
    } catch (err) {
      return failureOf(prepared, err, this.clock);
    }
  }
}

/** What a step span records of an outcome. */
function stepResultOf(outcome: StepOutcome): StepResult {
  if (!outcome.ok) return { ok: false, status: outcome.statusCode, cache: null };
  // A skipped step (its when: was false) sent nothing.
  return outcome.skipped ? { ok: true, status: null, cache: null } : { ok: true, status: outcome.upstream.status, cache: outcome.cache };
}

export interface ExecutionRequest {
  readonly connector: PreparedConnector;
  readonly caller: CallerRequest;
  readonly env: TemplateEnv;
  readonly debug: boolean;
  /** Aborted when the caller disconnects (an AbortSignal, or the server's lighter CallerGone). */
  readonly signal?: CancelSignal;
  /** The request's id: sent to every upstream as X-Request-ID. */
  readonly requestId?: string;
  /**
   * Pass a regular connector's untemplated, uncached body through instead of buffering it
   * (ConnectorResponse.stream): the caller must then pipe or discard it. Default false.
   */
  readonly streamBody?: boolean;
}

export async function executeConnector(request: ExecutionRequest, deps: ExecutorDependencies): Promise<ExecutionResult> {
  const started = performance.now();
  const { connector, caller, env } = request;
  const { kind } = connector;
  const timings: StepTiming[] = [];
  const debug: DebugStepRequest[] | null = request.debug ? [] : null;
  const clock = new ExecutionClock();

  if (connector.steps.length === 0) {
    return { kind, ok: false, failure: unexpectedFailure('The connector has no steps', null), steps: timings, totalMs: performance.now() - started, clock, debug };
  }

  // Nothing to render: no template reads the variables, so none are built.
  const vars = connector.rendersNothing ? new Map<string, unknown>() : requestVariables(connector.kind, caller, connector.connector.readsRequestBody);
  const stepsDict = vars.get('steps') as Map<string, unknown> | undefined;
  // execution: parallel (./step-schedule.ts) shares one signal that a failing step aborts.
  const cancellation = connector.connector.execution === 'parallel' ? new ScheduleCancellation(request.signal) : null;
  const ctx: { -readonly [K in keyof StepRequestContext]: StepRequestContext[K] } = {
      vars,
      env,
      caller,
      tenantId: caller.user.tenantId,
      http: deps.http,
      authenticator: deps.authenticator,
      maxHeaderValueBytes: deps.maxHeaderValueBytes,
      debug: request.debug,
      // The caller went away: upstream calls in flight are cancelled and later ones never start.
      signal: cancellation?.signal ?? request.signal,
      requestId: request.requestId,
  };
  const runner = new StepRunner(deps, vars, ctx, debug, clock, request.streamBody === true);
  // Token requests go through the same timed client: they are external time too.
  ctx.http = runner;
  if (cancellation !== null) {
    try {
      const run = (prepared: PreparedStep) =>
        deps.tracing == null ? runner.run(prepared) : deps.tracing.step(connector.connector.permalink, prepared.name, () => runner.run(prepared), stepResultOf);
      return await executeInParallel(connector, run, stepsDict, cancellation, started, debug, clock);
    } finally {
      cancellation.dispose();
    }
  }

  const { tracing } = deps;
  const permalink = connector.connector.permalink;
  let last: (StepOutcome & { ok: true; skipped: false }) | null = null;
  let lastStep: PreparedStep | null = null;
  try {
    for (const prepared of connector.steps) {
      const stepStarted = performance.now();
      const outcome = tracing == null ? await runner.run(prepared) : await tracing.step(permalink, prepared.name, () => runner.run(prepared), stepResultOf);
      const durationMs = performance.now() - stepStarted;
      if (!outcome.ok) {
        timings.push({ name: prepared.name, index: prepared.index, statusCode: outcome.statusCode, durationMs });
        return { kind, ok: false, failure: outcome.failure, steps: timings, totalMs: performance.now() - started, clock, debug };
      }
      if (outcome.skipped) {
        timings.push({ name: prepared.name, index: prepared.index, statusCode: null, durationMs, skipped: true });
        stepsDict?.set(prepared.name, skippedStepValue());
        continue;
      }
      const timing: StepTiming =
        outcome.cache === null
          ? { name: prepared.name, index: prepared.index, statusCode: outcome.upstream.status, durationMs }
          : { name: prepared.name, index: prepared.index, statusCode: outcome.upstream.status, durationMs, cache: outcome.cache };
      timings.push(timing);
      // The dict grows as steps finish, so step N sees steps 0..N-1 only; nothing reads the last one.
      if (stepsDict !== undefined && !prepared.isLast) {
        stepsDict.set(prepared.name, ranStepValue(outcome.body, outcome.upstream.status, headersDict(outcome.upstream.headers)));
      }
      last = outcome;
      lastStep = prepared;
    }
  } catch (err) {
    return { kind, ok: false, failure: unexpectedError(err), steps: timings, totalMs: performance.now() - started, clock, debug };
  }
  return answer(last, lastStep, timings, performance.now() - started, debug, kind, clock);
}

function unexpectedError(err: unknown): ConnectorFailure {
  const detail = err instanceof Error ? err.message : String(err);
  return unexpectedFailure('The connector failed unexpectedly', detail);
}

/** The widget's answer: the last step's response (compile checks guarantee it ran, not skipped). */
function answer(
  last: (StepOutcome & { ok: true; skipped: false }) | null,
  lastStep: PreparedStep | null,
  steps: readonly StepTiming[],
  totalMs: number,
  debug: DebugStepRequest[] | null,
  kind: ExecutionResult['kind'],
  clock: ExecutionClock,
): ExecutionResult {
  if (last === null || lastStep === null || !lastStep.isLast) {
    return { kind, ok: false, failure: unexpectedFailure('The last step did not run', null), steps, totalMs, clock, debug };
  }
  const upstream = last.upstream;
  const response: ConnectorResponse = {
    status: upstream.status,
    contentType: lastStep.step.responseContentType ?? upstream.headers['content-type'] ?? null,
    body: last.transformed ?? upstream.body,
    stream: last.stream,
  };
  return { kind, ok: true, response, steps, totalMs, clock, debug };
}

/**
 * `execution: parallel`: steps start as their dependencies finish (./step-schedule.ts); timings
 * and debug entries are listed in index order; the failed step with the lowest index decides the
 * error, and steps cancelled because of it are not failures of their own.
 */
async function executeInParallel(
  connector: PreparedConnector,
  run: (prepared: PreparedStep) => Promise<StepOutcome>,
  stepsDict: Map<string, unknown> | undefined,
  cancellation: ScheduleCancellation,
  started: number,
  debug: DebugStepRequest[] | null,
  clock: ExecutionClock,
): Promise<ExecutionResult> {
  const runs = await runByDependencies<StepOutcome>(
    connector.steps,
    {
      run,
      unexpected: (_prepared, err) => ({ ok: false, failure: unexpectedError(err), statusCode: null }),
      failed: (outcome) => !outcome.ok,
      causedByCancel: (outcome) => !outcome.ok && outcome.failure.kind === 'network',
      finished: (prepared, outcome) => {
        if (stepsDict === undefined || prepared.isLast || !outcome.ok) return;
        stepsDict.set(
          prepared.name,
          outcome.skipped ? skippedStepValue() : ranStepValue(outcome.body, outcome.upstream.status, headersDict(outcome.upstream.headers)),
        );
      },
      cancel: () => cancellation.cancel(),
    },
    started,
  );
  const totalMs = performance.now() - started;
  debug?.sort((a, b) => a.index - b.index);
  const timings: StepTiming[] = [];
  let failure: ConnectorFailure | null = null;
  runs.forEach((run, index) => {
    if (run === undefined) return;
    const prepared = connector.steps[index]!;
    const { outcome, startMs, durationMs } = run;
    const base = { name: prepared.name, index, durationMs, startMs };
    if (!outcome.ok) {
      timings.push({ ...base, statusCode: outcome.statusCode, ...(run.cancelled ? { cancelled: true as const } : {}) });
      if (!run.cancelled) failure ??= outcome.failure;
    } else if (outcome.skipped) {
      timings.push({ ...base, statusCode: null, skipped: true });
    } else {
      timings.push({ ...base, statusCode: outcome.upstream.status, ...(outcome.cache === null ? {} : { cache: outcome.cache }) });
    }
  });
  if (failure !== null) return { kind: connector.kind, ok: false, failure, steps: timings, totalMs, clock, debug };
  const lastRun = runs[runs.length - 1];
  const last = lastRun !== undefined && lastRun.outcome.ok && !lastRun.outcome.skipped ? lastRun.outcome : null;
  return answer(last, connector.steps[connector.steps.length - 1]!, timings, totalMs, debug, connector.kind, clock);
}
