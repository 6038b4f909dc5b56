// What a test upstream received: one entry of its request log, and the JSON the echo route sends.

export interface RecordedRequest {
  readonly method: string;
  /** Path and query exactly as on the request line, e.g. `/a/b?x=1&x=2`. */
  readonly url: string;
  /** Path without the query. */
  readonly path: string;
  /** Query pairs in order, decoded (`+` as space); repeated keys repeat. */
  readonly query: readonly (readonly [string, string])[];
  /** Node's view: lower-cased names, repeats joined with ', ' (set-cookie as an array by Node, joined with '\n' here). */
  readonly headers: Readonly<Record<string, string>>;
  /** Header pairs as they came on the wire: original case, order and repeats. */
  readonly rawHeaders: readonly (readonly [string, string])[];
  readonly body: Buffer;
  /** 1-based number of the TCP (or TLS) connection the request came on: equal numbers mean a reused connection. */
  readonly connection: number;
}

/** The JSON body the `echo()` behaviour answers with: the recorded request, its body as text and bytes. */
export interface EchoedRequest extends Omit<RecordedRequest, 'body'> {
  /** The body as UTF-8 text. */
  readonly body: string;
  /** The exact body bytes, base64. */
  readonly bodyBase64: string;
}

export function toEchoed(request: RecordedRequest): EchoedRequest {
  return {
    method: request.method,
    url: request.url,
    path: request.path,
    query: request.query,
    headers: request.headers,
    rawHeaders: request.rawHeaders,
    body: request.body.toString('utf8'),
    bodyBase64: request.body.toString('base64'),
    connection: request.connection,
  };
}
