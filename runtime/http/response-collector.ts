// One upstream exchange as an undici dispatch handler: buffers the response body within the size
// limit, enforces the whole-request deadline, honours the caller's cancel signal, and settles one
// promise. Using dispatch directly (rather than undici.request) avoids a stream per response.
import type { Dispatcher } from 'undici';
import { joinResponseHeaders, type ParsedHeaders } from './response-headers.js';
import { toUpstreamError } from './upstream-failure.js';
import type { OriginState } from './upstream-target.js';
import { UpstreamError, type CancelSignal, type UpstreamResponse } from './types.js';

export interface CollectorLimits {
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
}

type Controller = Dispatcher.DispatchController;

export class ResponseCollector implements Dispatcher.DispatchHandler {
  private controller: Controller | null = null;
  /** Set when the exchange must stop before undici handed over a controller to stop it with. */
  private pendingAbort: UpstreamError | null = null;
  private settled = false;
  private released = false;
  private status = 0;
  private headers: Record<string, string> | null = null;
  private readonly chunks: Buffer[] = [];
  private received = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly state: OriginState,
    private readonly limits: CollectorLimits,
    private readonly isHead: boolean,
    private readonly signal: CancelSignal | undefined,
    private readonly resolve: (response: UpstreamResponse) => void,
    private readonly reject: (error: UpstreamError) => void,
  ) {
    this.timer = setTimeout(onDeadline, limits.timeoutMs, this);
    this.timer.unref();
    signal?.addEventListener('abort', this);
  }

  onRequestStart(controller: Controller): void {
    if (this.pendingAbort !== null) controller.abort(this.pendingAbort);
    else this.controller = controller;
  }

  onResponseStart(controller: Controller, statusCode: number, headers: ParsedHeaders): void {
    if (statusCode < 200) return; // 1xx informational: the real response follows
    const declared = headers['content-length'];
    if (typeof declared === 'string' && !this.isHead && statusCode !== 204 && statusCode !== 304) {
      // Refuse before reading a byte when the upstream announces an oversized body.
      if (Number(declared) > this.limits.maxResponseBytes) {
        controller.abort(this.tooLarge());
        return;
      }
    }
    this.status = statusCode;
    this.headers = joinResponseHeaders(headers);
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    this.received += chunk.length;
    if (this.received > this.limits.maxResponseBytes) {
      // Aborting destroys the socket: the rest of the body is never read.
      controller.abort(this.tooLarge());
      return;
    }
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    this.release();
    const { chunks } = this;
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.received);
    this.settle(null, { status: this.status, headers: this.headers ?? {}, body });
  }

  onResponseError(_controller: Controller | undefined, error: Error): void {
    this.release();
    this.settle(toUpstreamError(error), null);
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

  /** Ends the exchange with an error now, whatever phase undici is in. */
  stop(error: UpstreamError): void {
    if (this.settled) return;
    if (this.controller !== null) this.controller.abort(error);
    else this.pendingAbort = error;
    this.settle(error, null);
  }

  deadlineExceeded(): void {
    this.stop(new UpstreamError('timeout', `upstream did not send a complete response within ${this.limits.timeoutMs} ms`));
  }

  /** Called by the client when dispatch threw before undici took over the handler. */
  failBeforeDispatch(error: unknown): void {
    this.release();
    this.settle(toUpstreamError(error), null);
  }

  private tooLarge(): UpstreamError {
    return new UpstreamError('too-large', `upstream response body exceeds ${this.limits.maxResponseBytes} bytes`);
  }

  /** Frees the concurrency slot when undici is really done with the request (not merely when we gave up on it). */
  private release(): void {
    if (this.released) return;
    this.released = true;
    this.state.inflight--;
  }

  private settle(error: UpstreamError | null, response: UpstreamResponse | null): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this);
    if (error !== null) this.reject(error);
    else this.resolve(response!);
  }
}

function onDeadline(collector: ResponseCollector): void {
  collector.deadlineExceeded();
}
