// A cached upstream response: what the step receives on a hit (status, headers, body) and the
// freshness policy it was stored under. Shared stores keep it as one binary value:
// [4-byte big-endian length of the JSON meta][meta: {v, status, headers, policy}][body bytes].
import type { SerializedPolicy } from './cache-policy.js';

export interface StoredResponse {
  readonly status: number;
  /** Lower-cased names, as UpstreamResponse.headers. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly policy: SerializedPolicy;
}

const FORMAT_VERSION = 1;

interface Meta {
  readonly v: number;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly policy: SerializedPolicy;
}

export function encodeStoredResponse(entry: StoredResponse): Buffer {
  const meta: Meta = { v: FORMAT_VERSION, status: entry.status, headers: { ...entry.headers }, policy: entry.policy };
  const metaBytes = Buffer.from(JSON.stringify(meta), 'utf8');
  const prefix = Buffer.allocUnsafe(4);
  prefix.writeUInt32BE(metaBytes.length, 0);
  return Buffer.concat([prefix, metaBytes, entry.body]);
}

/** The entry, or null when the bytes are not an entry of this format (another version wrote it, or garbage). */
export function decodeStoredResponse(bytes: Buffer): StoredResponse | null {
  if (bytes.length < 4) return null;
  const metaLength = bytes.readUInt32BE(0);
  if (4 + metaLength > bytes.length) return null;
  let meta: Meta;
  try {
    meta = JSON.parse(bytes.toString('utf8', 4, 4 + metaLength)) as Meta;
  } catch {
    return null;
  }
  if (meta === null || typeof meta !== 'object' || meta.v !== FORMAT_VERSION || typeof meta.status !== 'number') return null;
  if (meta.headers === null || typeof meta.headers !== 'object' || meta.policy === null || typeof meta.policy !== 'object') return null;
  // A copy: the entry must not keep the whole received buffer's backing store alive twice.
  return { status: meta.status, headers: meta.headers, body: Buffer.from(bytes.subarray(4 + metaLength)), policy: meta.policy };
}

/** Bytes an entry occupies, for the memory store's bound: body plus an estimate of its metadata. */
export function storedResponseSize(entry: StoredResponse): number {
  let headerBytes = 0;
  for (const name in entry.headers) headerBytes += name.length + entry.headers[name]!.length + 4;
  // The policy holds the response headers again, plus a few small fields.
  return entry.body.length + 2 * headerBytes + 256;
}
