// One upstream exchange as an undici dispatch handler that buffers the response body (limits,
// deadline and cancel signal: ./upstream-exchange.ts) and settles one promise. Using dispatch
// directly (rather than undici.request) avoids a stream per response.
import type { Dispatcher } from 'undici';
import { joinResponseHeaders, type ParsedHeaders } from './response-headers.js';
import { toUpstreamError } from './upstream-failure.js';
import type { OriginState } from './upstream-target.js';
import { UpstreamExchange, type Controller, type ExchangeLimits } from './upstream-exchange.js';
import type { CancelSignal, UpstreamError, UpstreamResponse } from './types.js';

/** The limits of one exchange (./upstream-exchange.ts). */
export type CollectorLimits = ExchangeLimits;

export class ResponseCollector extends UpstreamExchange implements Dispatcher.DispatchHandler {
  private status = 0;
  private headers: Record<string, string> | null = null;
  private readonly chunks: Buffer[] = [];

  constructor(
    state: OriginState,
    limits: CollectorLimits,
    isHead: boolean,
    signal: CancelSignal | undefined,
    private readonly resolve: (response: UpstreamResponse) => void,
    private readonly reject: (error: UpstreamError) => void,
  ) {
    super(state, limits, isHead, signal);
  }

  onResponseStart(controller: Controller, statusCode: number, headers: ParsedHeaders): void {
    if (statusCode < 200) return; // 1xx informational: the real response follows
    if (this.announcesTooLarge(controller, statusCode, headers)) return;
    this.status = statusCode;
    this.headers = joinResponseHeaders(headers);
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    if (!this.overLimit(controller, chunk)) this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    this.release();
    if (!this.decide()) return;
    const { chunks } = this;
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.received);
    this.resolve({ status: this.status, headers: this.headers ?? {}, body });
  }

  onResponseError(_controller: Controller | undefined, error: Error): void {
    this.release();
    this.fail(toUpstreamError(error));
  }

  protected fail(error: UpstreamError): void {
    if (this.decide()) this.reject(error);
  }
}
