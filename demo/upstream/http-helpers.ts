// Small helpers the demo upstream's handlers share: JSON answers and bounded body reading.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The demo API accepts small bodies only. */
const MAX_BODY_BYTES = 64 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** An error in the shape many JSON APIs use; the runtime never passes upstream bodies of errors on. */
export function sendError(res: ServerResponse, status: number, error: string, description: string, headers: Readonly<Record<string, string>> = {}): void {
  sendJson(res, status, { error, error_description: description }, headers);
}

/** The request body as text, or null when it is larger than the demo accepts. */
export function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The value of a request header that may only appear once (arrays: a repeated header). */
export function singleHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
