// Reads the caller's payload with the size limit (SPEC §5: 1 MiB by default, larger -> 413).
import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { readonly ok: true; readonly body: Buffer }
  | { readonly ok: false; readonly reason: 'too-large' | 'aborted' };

const EMPTY = Buffer.alloc(0);
const EMPTY_BODY: BodyResult = { ok: true, body: EMPTY };
const TOO_LARGE: BodyResult = { ok: false, reason: 'too-large' };
const ABORTED: BodyResult = { ok: false, reason: 'aborted' };

export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const declared = req.headers['content-length'];
  // No length and no chunked encoding: there is no body to wait for.
  if ((declared === undefined && req.headers['transfer-encoding'] === undefined) || declared === '0') {
    return Promise.resolve(EMPTY_BODY);
  }
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
