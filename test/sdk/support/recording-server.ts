// A real HTTP server on 127.0.0.1 standing in for the Conduit runtime: it records every request the
// SDK sends and answers with whatever the test scripts.
import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface ScriptedResponse {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** Milliseconds to wait before sending the headers. */
  readonly delayMs?: number;
  /** Send the headers at once but hold the body back this long. */
  readonly bodyDelayMs?: number;
}

export type Responder = (request: RecordedRequest) => ScriptedResponse;

export interface RecordingServer {
  /** http://127.0.0.1:PORT */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Replaces how the server answers (default: 200 `{"ok": true}`). */
  respondWith(responder: Responder): void;
  close(): Promise<void>;
}

const DEFAULT_RESPONDER: Responder = () => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"ok": true}' });

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startRecordingServer(): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  let responder = DEFAULT_RESPONDER;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const recorded: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: await readBody(req) };
    requests.push(recorded);
    const answer = responder(recorded);
    if (answer.delayMs !== undefined) await wait(answer.delayMs);
    if (res.destroyed) return;
    res.writeHead(answer.status ?? 200, answer.headers ?? {});
    if (answer.bodyDelayMs !== undefined) {
      res.flushHeaders();
      await wait(answer.bodyDelayMs);
      if (res.destroyed) return;
    }
    res.end(answer.body ?? '');
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => res.destroy(error instanceof Error ? error : new Error(String(error))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    respondWith(next) {
      responder = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A JSON response, as the runtime writes them. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): ScriptedResponse {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
