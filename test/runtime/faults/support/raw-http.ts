// A hostile or broken caller over a raw TCP socket (node:net): sends exactly the bytes given, can
// drip more bytes slowly, and reads whatever the server answers. Bounded by `timeoutMs`: the
// exchange ends when the server closes the connection, when a complete answer has arrived (unless
// `untilClosed`), or when time runs out.
import { connect } from 'node:net';

export interface RawExchange {
  /** Sent at once after connecting. */
  readonly send?: string | Buffer;
  /** Then `bytes` again every `everyMs`, until the exchange ends. */
  readonly drip?: { readonly bytes: string; readonly everyMs: number };
  /** Wait for the server to close even after a complete answer. */
  readonly untilClosed?: boolean;
  /** Half-close (FIN) our side right after `send`, still reading the answer: a request cut short. */
  readonly endAfterSend?: boolean;
  /** Give up on the exchange (and destroy the socket) after this: a caller that goes away. */
  readonly destroyAfterMs?: number;
  /** Give up on the exchange (and destroy the socket) when this fires. */
  readonly signal?: AbortSignal;
  readonly timeoutMs: number;
}

export interface RawAnswer {
  /** Status of the first response, null when no response head arrived. */
  readonly status: number | null;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Everything received. */
  readonly raw: string;
  /** True when the server closed (or reset) the connection before the exchange ended. */
  readonly closedByServer: boolean;
  readonly timedOut: boolean;
  /** From connecting until the exchange ended. */
  readonly elapsedMs: number;
  /** Bytes of `drip` that were written before the end. */
  readonly drippedBytes: number;
}

interface Parsed {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly complete: boolean;
}

function parse(data: Buffer): Parsed | null {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '');
  if (match === null) return null;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = data.subarray(end + 4);
  const length = headers['content-length'] === undefined ? null : Number(headers['content-length']);
  return { status: Number(match[1]), headers, body, complete: length !== null && body.length >= length };
}

export function rawExchange(port: number, exchange: RawExchange): Promise<RawAnswer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const chunks: Buffer[] = [];
    let drippedBytes = 0;
    let finished = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (closedByServer: boolean, timedOut: boolean) => {
      if (finished) return;
      finished = true;
      for (const timer of timers) clearTimeout(timer);
      clearInterval(dripTimer);
      socket.destroy();
      const data = Buffer.concat(chunks);
      const parsed = parse(data);
      resolve({
        status: parsed?.status ?? null,
        headers: parsed?.headers ?? {},
        body: parsed?.body.toString('utf8') ?? '',
        raw: data.toString('latin1'),
        closedByServer,
        timedOut,
        elapsedMs: performance.now() - started,
        drippedBytes,
      });
    };
    let dripTimer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      if (exchange.send !== undefined) socket.write(exchange.send);
      if (exchange.endAfterSend === true) socket.end();
      const { drip } = exchange;
      if (drip !== undefined) {
        dripTimer = setInterval(() => {
          if (socket.writable) {
            socket.write(drip.bytes);
            drippedBytes += drip.bytes.length;
          }
        }, drip.everyMs);
      }
      if (exchange.destroyAfterMs !== undefined) timers.push(setTimeout(() => finish(false, false), exchange.destroyAfterMs));
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (!exchange.untilClosed && parse(Buffer.concat(chunks))?.complete === true) finish(false, false);
    });
    // A reset after the answer still counts as the server closing the connection.
    socket.on('error', () => finish(true, false));
    socket.on('end', () => finish(true, false));
    socket.on('close', () => finish(true, false));
    timers.push(setTimeout(() => finish(false, true), exchange.timeoutMs));
    exchange.signal?.addEventListener('abort', () => finish(false, false), { once: true });
  });
}
