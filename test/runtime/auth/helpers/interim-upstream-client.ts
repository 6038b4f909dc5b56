// An UpstreamClient over undici for the auth tests while runtime/http/client.ts is being written
// (same contract: buffered response, UpstreamError kinds, timeout). Replace with
// createUpstreamClient once it lands.
import { Agent, request } from 'undici';
import type { UpstreamClient } from '../../../../runtime/http/types.js';
import { UpstreamError } from '../../../../runtime/http/types.js';

export function createInterimUpstreamClient(timeoutMs = 15_000): UpstreamClient {
  const dispatcher = new Agent({ headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  return {
    async request(req) {
      try {
        const res = await request(req.url, {
          method: req.method,
          headers: req.headers.flatMap(([k, v]) => [k, v]),
          body: req.body ?? undefined,
          dispatcher,
          signal: req.signal ?? AbortSignal.timeout(timeoutMs),
        });
        const body = Buffer.from(await res.body.arrayBuffer());
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        return { status: res.statusCode, headers, body };
      } catch (err) {
        const name = (err as Error).name;
        throw new UpstreamError(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network', 'upstream request failed');
      }
    },
    close: () => dispatcher.close(),
  };
}
