// One upstream exchange whose body is passed through rather than buffered (a regular connector
// with no response template and nothing to store in the cache): settles when the response head
// arrives, then forwards each body chunk to the sink it is given as it comes, with backpressure
// (undici pauses reading while the sink is full). The size limit, the whole-request deadline and
// the caller's cancel signal hold as in ./response-collector.ts: past the head, a failure destroys
// the sink, since a started answer cannot become an error envelope any more.
import type { Dispatcher } from 'undici';
import { joinResponseHeaders, type ParsedHeaders } from './response-headers.js';
import { toUpstreamError } from './upstream-failure.js';
import type { OriginState } from './upstream-target.js';
import type { CollectorLimits } from './response-collector.js';
import { UpstreamError, type BodySink, type CancelSignal, type StreamedUpstreamResponse } from './types.js';

type Controller = Dispatcher.DispatchController;

export class ResponseStreamer implements Dispatcher.DispatchHandler, StreamedUpstreamResponse {
  status = 0;
  headers: Readonly<Record<string, string>> = {};
  private controller: Controller | null = null;
  private pendingAbort: UpstreamError | null = null;
  private headSettled = false;
  private released = false;
  private finished = false;
  /** The body's outcome once known: null while it is still arriving. */
  private failure: UpstreamError | null = null;
  /** Chunks that arrived before the sink was attached. */
  private early: Buffer[] = [];
  private received = 0;
  private sink: BodySink | null = null;
  private bodyDone: { resolve: () => void; reject: (error: UpstreamError) => void } | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly state: OriginState,
    private readonly limits: CollectorLimits,
    private readonly isHead: boolean,
    private readonly signal: CancelSignal | undefined,
    private readonly resolveHead: (response: StreamedUpstreamResponse) => void,
    private readonly rejectHead: (error: UpstreamError) => void,
  ) {
    this.timer = setTimeout(onDeadline, limits.timeoutMs, this);
    this.timer.unref();
    signal?.addEventListener('abort', this);
  }

  // --- undici's side

  onRequestStart(controller: Controller): void {
    if (this.pendingAbort !== null) controller.abort(this.pendingAbort);
    else this.controller = controller;
  }

  onResponseStart(controller: Controller, statusCode: number, headers: ParsedHeaders): void {
    if (statusCode < 200) return; // 1xx informational: the real response follows
    const declared = headers['content-length'];
    if (typeof declared === 'string' && !this.isHead && statusCode !== 204 && statusCode !== 304) {
      // Refused before a byte is forwarded: the caller still gets an error envelope.
      if (Number(declared) > this.limits.maxResponseBytes) {
        controller.abort(this.tooLarge());
        return;
      }
    }
    this.status = statusCode;
    this.headers = joinResponseHeaders(headers);
    this.headSettled = true;
    this.resolveHead(this);
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    this.received += chunk.length;
    if (this.received > this.limits.maxResponseBytes) {
      controller.abort(this.tooLarge());
      return;
    }
    const { sink } = this;
    if (sink === null) {
      this.early.push(chunk);
      return;
    }
    if (!sink.write(chunk)) {
      controller.pause();
      sink.once('drain', () => controller.resume());
    }
  }

  onResponseEnd(): void {
    this.release();
    this.finish(null);
  }

  onResponseError(_controller: Controller | undefined, error: Error): void {
    this.release();
    this.finish(error instanceof UpstreamError ? error : toUpstreamError(error));
  }

  // --- the caller's side

  pipeTo(sink: BodySink): Promise<void> {
    if (this.bodyDone !== null) return Promise.reject(new Error('the upstream body was already taken'));
    return new Promise<void>((resolve, reject) => {
      this.bodyDone = { resolve, reject };
      this.sink = sink;
      // What arrived before the sink (bounded by the size limit) goes first.
      const early = this.early;
      this.early = [];
      for (const chunk of early) sink.write(chunk);
      if (this.finished) this.deliver();
    });
  }

  discard(): void {
    this.early = [];
    this.stop(new UpstreamError('network', 'upstream body discarded'));
  }

  /** The caller's cancel signal fired (listener object form: no closure per request). */
  handleEvent(): void {
    const reason: unknown = this.signal?.reason;
    const timedOut = reason instanceof Error && reason.name === 'TimeoutError';
    this.stop(
      timedOut
        ? new UpstreamError('timeout', 'upstream request cancelled by the caller deadline')
        : new UpstreamError('network', 'upstream request aborted by the caller'),
    );
  }

  deadlineExceeded(): void {
    this.stop(new UpstreamError('timeout', `upstream did not send a complete response within ${this.limits.timeoutMs} ms`));
  }

  /** Called by the client when dispatch threw before undici took over the handler. */
  failBeforeDispatch(error: unknown): void {
    this.release();
    this.finish(toUpstreamError(error));
  }

  /** Ends the exchange with an error now, whatever phase undici is in. */
  private stop(error: UpstreamError): void {
    if (this.finished) return;
    if (this.controller !== null) this.controller.abort(error);
    else this.pendingAbort = error;
    this.finish(error);
  }

  private finish(error: UpstreamError | null): void {
    if (this.finished) return;
    this.finished = true;
    this.failure = error;
    clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this);
    if (!this.headSettled) {
      this.headSettled = true;
      this.rejectHead(error ?? new UpstreamError('network', 'upstream closed the exchange without a response'));
      return;
    }
    if (this.bodyDone !== null) this.deliver();
  }

  /** Hands the body's outcome to the attached sink and the pipeTo promise. */
  private deliver(): void {
    const done = this.bodyDone!;
    const sink = this.sink;
    this.sink = null;
    if (this.failure === null) {
      sink!.end();
      done.resolve();
      return;
    }
    // Past the head nothing can be said to the caller: a cut connection, not a complete-looking answer.
    sink!.destroy();
    done.reject(this.failure);
  }

  private tooLarge(): UpstreamError {
    return new UpstreamError('too-large', `upstream response body exceeds ${this.limits.maxResponseBytes} bytes`);
  }

  /** Frees the concurrency slot when undici is really done with the request. */
  private release(): void {
    if (this.released) return;
    this.released = true;
    this.state.inflight--;
  }
}

function onDeadline(streamer: ResponseStreamer): void {
  streamer.deadlineExceeded();
}
