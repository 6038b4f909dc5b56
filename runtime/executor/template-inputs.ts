// The variables a request's templates see (SPEC §2 table), built with the template value model of
// ../template/types.ts: dicts are Maps with string keys, None is null.
import { isUtf8 } from 'node:buffer';
import { PyBytes } from '../template/py-values.js';
import type { CallerRequest } from './caller-request.js';

/** UTF-8 text, or None (null) when the bytes are not valid UTF-8 (SPEC §2 "Body strings"). */
export function utf8OrNone(bytes: Buffer): string | null {
  return isUtf8(bytes) ? bytes.toString('utf8') : null;
}

/** `body_text` / `request.body_text`: the payload as text; None when empty or not UTF-8. */
export function callerBodyText(body: Buffer): string | null {
  return body.length === 0 ? null : utf8OrNone(body);
}

/**
 * `body_raw` / `request.body_raw` (SPEC §2): the exact payload as Python bytes (`b'...'` when
 * printed, `| base64_encode` for base64, `.decode()` for text), None when empty.
 */
export function callerBodyRaw(body: Buffer): PyBytes | null {
  return body.length === 0 ? null : new PyBytes(body);
}

/** `request.query_parameters`: one value per key; a repeated key keeps its last value (as Django's QueryDict.dict() does). */
export function queryParametersDict(query: CallerRequest['query']): Map<string, string> {
  const dict = new Map<string, string>();
  for (const [key, value] of query) dict.set(key, value);
  return dict;
}

/** A headers dict for templates: the upstream client already lower-cases names. */
export function headersDict(headers: Readonly<Record<string, string>>): Map<string, string> {
  // A loop rather than new Map(Object.entries()): no array per header on every step.
  const dict = new Map<string, string>();
  for (const name of Object.keys(headers)) dict.set(name, headers[name]!);
  return dict;
}

/** `steps.<name>` / `response`: `body`, `status_code`, `headers`. */
export function responseValue(body: string | null, statusCode: number, headers: Map<string, string>): Map<string, unknown> {
  return new Map<string, unknown>([
    ['body', body],
    ['status_code', statusCode],
    ['headers', headers],
  ]);
}

/**
 * The variables every template of one request starts from. The map is owned by this request:
 * the executor adds `steps.<name>` as steps finish and sets `response` around response_body.
 * `readsBody` is the build's CompiledConnector.readsRequestBody: when no template can read the
 * caller's payload it is neither decoded nor base64-encoded (up to the body limit, per request).
 */
export function requestVariables(kind: 'regular' | 'composite', caller: CallerRequest, readsBody = true): Map<string, unknown> {
  const vars = new Map<string, unknown>();
  vars.set('user', caller.user.templateValue);
  if (caller.user.tenantId !== null) vars.set('tenant_id', caller.user.tenantId);
  const bodyText = readsBody ? callerBodyText(caller.body) : null;
  const bodyRaw = readsBody ? callerBodyRaw(caller.body) : null;
  if (kind === 'regular') {
    vars.set('body_text', bodyText);
    vars.set('body_raw', bodyRaw);
    vars.set('pathParams', new Map(caller.pathParams));
    return vars;
  }
  // `request.headers` holds only content-type: caller headers may carry cookies and tokens.
  const headers = new Map<string, string>();
  if (caller.contentType !== null) headers.set('content-type', caller.contentType);
  vars.set(
    'request',
    new Map<string, unknown>([
      ['body_text', bodyText],
      ['body_raw', bodyRaw],
      ['headers', headers],
      ['query_parameters', queryParametersDict(caller.query)],
    ]),
  );
  vars.set('steps', new Map<string, unknown>());
  return vars;
}
