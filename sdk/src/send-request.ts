// The asynchronous half of a call: resolve the user token, send with fetch under one deadline that
// covers token, response and body, and settle with the parsed body or a ConnectorError.
import { ConnectorError, SdkErrorScope } from './connector-error.js';
import { TIMING_HEADER, parseConnectorTiming } from './connector-timing.js';
import type { JsonValue } from './json-value.js';
import type { PreparedRequest } from './prepare-request.js';
import { errorFromResponse, successBody } from './read-response.js';
import { isValidHeaderValue } from './request-headers.js';
import type { TokenSource } from './sdk-config.js';

type StopReason = typeof SdkErrorScope.Timeout | typeof SdkErrorScope.Aborted;

/** Why the request was stopped, once it has been; the deadline and the caller's signal share one controller. */
class RequestStopper {
  readonly controller = new AbortController();
  reason: StopReason | null = null;
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly callerSignal: AbortSignal | null;
  private readonly onCallerAbort = (): void => this.stop(SdkErrorScope.Aborted);

  constructor(timeoutMs: number, callerSignal: AbortSignal | null) {
    this.timer = setTimeout(() => this.stop(SdkErrorScope.Timeout), timeoutMs);
    this.callerSignal = callerSignal;
    if (callerSignal?.aborted) this.stop(SdkErrorScope.Aborted);
    else callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  stop(reason: StopReason): void {
    if (this.reason !== null) return;
    this.reason = reason;
    this.controller.abort();
  }

  /** Settles with `promise`, or rejects as soon as the request is stopped (getToken cannot be cancelled). */
  race<T>(promise: PromiseLike<T>): Promise<T> {
    const signal = this.controller.signal;
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      Promise.resolve(promise).then(
        (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
        (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error)),
      );
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }
}

function stoppedError(reason: StopReason, timeoutMs: number, cause: unknown): ConnectorError {
  return reason === SdkErrorScope.Timeout
    ? new ConnectorError({ status: 0, scope: reason, message: `No response within ${timeoutMs} ms`, cause })
    : new ConnectorError({ status: 0, scope: reason, message: 'The request was aborted', cause });
}

function causeMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function resolveToken(getToken: TokenSource | null, stopper: RequestStopper): Promise<string | null> {
  if (getToken === null) return null;
  let token: unknown;
  try {
    token = await stopper.race(Promise.resolve().then(() => getToken()));
  } catch (error) {
    if (stopper.reason !== null) throw error;
    throw new ConnectorError({ status: 0, scope: SdkErrorScope.Token, message: `getToken failed: ${causeMessage(error)}`, cause: error });
  }
  if (token === null || token === undefined || token === '') return null;
  if (typeof token !== 'string' || !isValidHeaderValue(token)) {
    throw new ConnectorError({
      status: 0,
      scope: SdkErrorScope.Token,
      message: typeof token === 'string' ? 'getToken returned a token with characters a header cannot carry' : `getToken must return a string, got ${typeof token}`,
    });
  }
  return token;
}

/** @param timeoutMs the client's default timeout at the time of the call (`setDefaultTimeout` changes it) */
export async function sendRequest(request: PreparedRequest, getToken: TokenSource | null, timeoutMs: number): Promise<JsonValue> {
  const stopper = new RequestStopper(timeoutMs, request.signal);
  try {
    const token = await resolveToken(getToken, stopper);
    const headers = new Headers(request.headers as [string, string][]);
    if (token !== null) headers.set('Authorization', `Bearer ${token}`);
    const response = await fetch(request.url, {
      method: request.method,
      headers,
      // DOM and Node's fetch types spell typed-array bodies differently; both accept every ArrayBufferView.
      body: request.body as RequestInit['body'],
      signal: stopper.controller.signal,
    });
    const received = {
      status: response.status,
      statusText: response.statusText,
      contentType: response.headers.get('Content-Type'),
      text: await response.text(),
      timing: parseConnectorTiming(response.headers.get(TIMING_HEADER)),
      requestId: response.headers.get('X-Request-ID'),
    };
    if (!response.ok) throw errorFromResponse(received);
    return successBody(received);
  } catch (error) {
    if (error instanceof ConnectorError) throw error;
    if (stopper.reason !== null) throw stoppedError(stopper.reason, timeoutMs, error);
    // fetch rejects with a TypeError for DNS failures, refused connections and CORS refusals alike.
    throw new ConnectorError({ status: 0, scope: SdkErrorScope.Network, message: `Network error: ${causeMessage(error)}`, cause: error });
  } finally {
    stopper.dispose();
  }
}
