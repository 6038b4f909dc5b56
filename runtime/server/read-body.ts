// Reads the caller's payload with the size limit (SPEC §5: 1 MiB by default, larger -> 413).
import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { readonly ok: true; readonly body: Buffer }
  | { readonly ok: false; readonly reason: 'too-large' | 'aborted' };

const EMPTY = Buffer.alloc(0);
/** The payload of a request without one: callers that checked hasNoBody need not wait for a promise. */
export const NO_BODY: BodyResult = { ok: true, body: EMPTY };
const TOO_LARGE: BodyResult = { ok: false, reason: 'too-large' };
const ABORTED: BodyResult = { ok: false, reason: 'aborted' };

/** No length and no chunked encoding (a GET, mostly): there is no body to wait for. */
export function hasNoBody(req: IncomingMessage): boolean {
  const declared = req.headers['content-length'];
  return (declared === undefined && req.headers['transfer-encoding'] === undefined) || declared === '0';
}

export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  if (hasNoBody(req)) return Promise.resolve(NO_BODY);
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) return Promise.resolve(TOO_LARGE);

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop buffering; the server answers 413 and closes the connection.
        settle(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => settle({ ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) });
    const onError = () => settle(ABORTED);
    // The caller went away before sending the whole body.
    const onClose = () => {
      if (!req.complete) settle(ABORTED);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
