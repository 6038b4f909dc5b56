// One upstream exchange whose body is passed through rather than buffered (a regular connector
// with no response template and nothing to store in the cache): settles when the response head
// arrives, then forwards each body chunk to the sink it is given as it comes, with backpressure
// (undici pauses reading while the sink is full). The size limit, the whole-request deadline and
// the caller's cancel signal hold as for a buffered body (./upstream-exchange.ts): past the head,
// a failure destroys the sink, since a started answer cannot become an error envelope any more.
import type { Dispatcher } from 'undici';
import { joinResponseHeaders, type ParsedHeaders } from './response-headers.js';
import { toUpstreamError } from './upstream-failure.js';
import type { OriginState } from './upstream-target.js';
import { UpstreamExchange, type Controller, type ExchangeLimits } from './upstream-exchange.js';
import { UpstreamError, type BodySink, type CancelSignal, type StreamedUpstreamResponse } from './types.js';

export class ResponseStreamer extends UpstreamExchange implements Dispatcher.DispatchHandler, StreamedUpstreamResponse {
  status = 0;
  headers: Readonly<Record<string, string>> = {};
  private headSettled = false;
  /** The body's outcome once known: null while it is still arriving (or when it arrived whole). */
  private failure: UpstreamError | null = null;
  /** Chunks that arrived before the sink was attached. */
  private early: Buffer[] = [];
  private sink: BodySink | null = null;
  private bodyDone: { resolve: () => void; reject: (error: UpstreamError) => void } | null = null;

  constructor(
    state: OriginState,
    limits: ExchangeLimits,
    isHead: boolean,
    signal: CancelSignal | undefined,
    private readonly resolveHead: (response: StreamedUpstreamResponse) => void,
    private readonly rejectHead: (error: UpstreamError) => void,
  ) {
    super(state, limits, isHead, signal);
  }

  // --- undici's side

  onResponseStart(controller: Controller, statusCode: number, headers: ParsedHeaders): void {
    if (statusCode < 200) return; // 1xx informational: the real response follows
    // Refused before a byte is forwarded: the caller still gets an error envelope.
    if (this.announcesTooLarge(controller, statusCode, headers)) return;
    this.status = statusCode;
    this.headers = joinResponseHeaders(headers);
    this.headSettled = true;
    this.resolveHead(this);
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    if (this.overLimit(controller, chunk)) return;
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
    this.finish(toUpstreamError(error));
  }

  protected fail(error: UpstreamError): void {
    this.finish(error);
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
      if (this.decided) this.deliver();
    });
  }

  discard(): void {
    this.early = [];
    this.stop(new UpstreamError('network', 'upstream body discarded'));
  }

  private finish(error: UpstreamError | null): void {
    if (!this.decide()) return;
    this.failure = error;
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
}
