// What every upstream exchange handler shares (./response-collector.ts buffers the body,
// ./response-streamer.ts passes it through): the whole-request deadline, the caller's cancel
// signal, the size limit (an announced oversized body is refused before a byte is read), the
// concurrency slot of the origin, and stopping the exchange in whatever phase undici is in.
import type { Dispatcher } from 'undici';
import type { ParsedHeaders } from './response-headers.js';
import { toUpstreamError } from './upstream-failure.js';
import type { OriginState } from './upstream-target.js';
import { UpstreamError, type CancelSignal } from './types.js';

export interface ExchangeLimits {
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
}

export type Controller = Dispatcher.DispatchController;

export abstract class UpstreamExchange {
  private controller: Controller | null = null;
  /** Set when the exchange must stop before undici handed over a controller to stop it with. */
  private pendingAbort: UpstreamError | null = null;
  private released = false;
  /** The exchange's outcome is decided (an answer or an error): nothing changes it any more. */
  protected decided = false;
  /** Body bytes received so far. */
  protected received = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly state: OriginState,
    protected readonly limits: ExchangeLimits,
    private readonly isHead: boolean,
    private readonly signal: CancelSignal | undefined,
  ) {
    this.timer = setTimeout(onDeadline, limits.timeoutMs, this);
    this.timer.unref();
    signal?.addEventListener('abort', this);
  }

  /** Ends the exchange with `error`: the subclass settles whatever its caller waits for. */
  protected abstract fail(error: UpstreamError): void;

  onRequestStart(controller: Controller): void {
    if (this.pendingAbort !== null) controller.abort(this.pendingAbort);
    else this.controller = controller;
  }

  /** True when the head announces a body over the limit: the exchange is then aborted, before a byte is read. */
  protected announcesTooLarge(controller: Controller, statusCode: number, headers: ParsedHeaders): boolean {
    const declared = headers['content-length'];
    if (typeof declared !== 'string' || this.isHead || statusCode === 204 || statusCode === 304) return false;
    if (Number(declared) <= this.limits.maxResponseBytes) return false;
    controller.abort(this.tooLarge());
    return true;
  }

  /** Counts a body chunk; true when the body ran over the limit (aborting destroys the socket: the rest is never read). */
  protected overLimit(controller: Controller, chunk: Buffer): boolean {
    this.received += chunk.length;
    if (this.received <= this.limits.maxResponseBytes) return false;
    controller.abort(this.tooLarge());
    return true;
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
    this.fail(toUpstreamError(error));
  }

  /** Ends the exchange with an error now, whatever phase undici is in. */
  stop(error: UpstreamError): void {
    if (this.decided) return;
    if (this.controller !== null) this.controller.abort(error);
    else this.pendingAbort = error;
    this.fail(error);
  }

  /** Marks the outcome decided and stops the clock and the signal listener; false when it already was. */
  protected decide(): boolean {
    if (this.decided) return false;
    this.decided = true;
    clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this);
    return true;
  }

  protected tooLarge(): UpstreamError {
    return new UpstreamError('too-large', `upstream response body exceeds ${this.limits.maxResponseBytes} bytes`);
  }

  /** Frees the concurrency slot when undici is really done with the request (not merely when we gave up on it). */
  protected release(): void {
    if (this.released) return;
    this.released = true;
    this.state.inflight--;
  }
}

function onDeadline(exchange: UpstreamExchange): void {
  exchange.deadlineExceeded();
}
