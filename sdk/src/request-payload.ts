// Turns the caller's payload into a fetch body, synchronously, so an unserialisable payload is a
// ConnectorBoundaryError at the call site rather than a failure inside fetch.
import { ConnectorBoundaryError } from './connector-boundary-error.js';
import { describeType, isPlainObject } from './plain-object.js';

/** What fetch accepts as a body, as far as the SDK passes it on. */
export type RequestBody = string | PassThroughBody;

type PassThroughBody = Blob | ArrayBuffer | ArrayBufferView<ArrayBuffer> | URLSearchParams | FormData;

export interface EncodedPayload {
  readonly body: RequestBody;
  /** null: let fetch choose (text/plain for strings, multipart for FormData, the Blob's type …). */
  readonly contentType: string | null;
}

const JSON_CONTENT_TYPE = 'application/json';

/** Bodies fetch sends as they are. Tags, not instanceof, so values from another realm (an iframe) pass. */
const PASS_THROUGH_TAGS = new Set(['[object Blob]', '[object File]', '[object ArrayBuffer]', '[object URLSearchParams]', '[object FormData]']);

const tagOf = (value: unknown): string => Object.prototype.toString.call(value);

function isPassThroughBody(value: object): value is PassThroughBody {
  // fetch refuses views of a SharedArrayBuffer.
  if (ArrayBuffer.isView(value)) return tagOf(value.buffer) === '[object ArrayBuffer]';
  return PASS_THROUGH_TAGS.has(tagOf(value));
}

function encodeJson(field: string, value: object): EncodedPayload {
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    // Cycles and BigInt values cannot be JSON.
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConnectorBoundaryError(field, `cannot be serialised as JSON (${reason})`);
  }
  return { body: text, contentType: JSON_CONTENT_TYPE };
}

/** Regular connectors: JSON for plain objects and arrays, strings as they are, binary/form bodies unchanged. */
export function encodeRegularPayload(field: string, payload: unknown): EncodedPayload | null {
  if (payload === undefined) return null;
  if (typeof payload === 'string') return { body: payload, contentType: null };
  if (isPlainObject(payload) || Array.isArray(payload)) return encodeJson(field, payload);
  if (typeof payload === 'object' && payload !== null && isPassThroughBody(payload)) return { body: payload, contentType: null };
  throw new ConnectorBoundaryError(
    field,
    `must be a plain object or array (sent as JSON), a string, a Blob, an ArrayBuffer, a typed array, URLSearchParams or FormData; got ${describeType(payload)}`,
  );
}

/** Composite connectors: a plain object only, which the SDK serialises (SPEC §6). */
export function encodeCompositePayload(field: string, payload: unknown): EncodedPayload | null {
  if (payload === undefined) return null;
  if (typeof payload === 'string') {
    throw new ConnectorBoundaryError(field, 'must be a plain object, not a string: the SDK serialises it (pass the object, not JSON.stringify of it)');
  }
  if (!isPlainObject(payload)) throw new ConnectorBoundaryError(field, `must be a plain object, got ${describeType(payload)}`);
  return encodeJson(field, payload);
}
