// Small helpers shared by the upstream client tests.
import type { HttpMethod } from '../../../runtime/connector.js';
import { UpstreamError, type UpstreamClient, type UpstreamRequest, type UpstreamResponse } from '../../../runtime/http/types.js';

/** Sends one request with defaults (GET, no headers, no body). */
export function send(client: UpstreamClient, url: string, init: Partial<Omit<UpstreamRequest, 'url'>> = {}): Promise<UpstreamResponse> {
  return client.request({ url, method: 'GET' as HttpMethod, headers: [], body: null, ...init });
}

/** The UpstreamError a request failed with; fails the test when it succeeded or failed otherwise. */
export async function failureOf(pending: Promise<unknown>): Promise<UpstreamError> {
  try {
    await pending;
  } catch (err) {
    if (err instanceof UpstreamError) return err;
    throw new Error(`expected an UpstreamError, got ${String(err)}`);
  }
  throw new Error('expected the request to fail, it succeeded');
}

/** Polls until `condition` holds (for effects that happen just after a promise settles, e.g. a socket closing). */
export async function eventually(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
