// The URL rules of SPEC §1, applied to a URL template before it is ever rendered:
// - the scheme is literally `https://` (a template may not produce it);
// - a literal host is parsed the way the runtime will (WHATWG URL: 2130706433, 0x7f.1 and
//   [::ffff:127.0.0.1] all normalise to loopback) and refused when the shared SSRF policy refuses it;
// - a templated host is allowed: the runtime checks it after rendering and DNS resolution.
// `allowInsecureUpstreams` (tests and local development only) accepts http:// and private hosts.
import { forbiddenHostReason } from '../../runtime/http/address-policy.js';
import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { firstTemplateMarker, hasTemplateMarkers } from '../validate/template-markers.js';

export interface UrlCheckInput {
  /** The URL template text (the parsed string value). */
  readonly text: string;
  readonly file: string;
  /** File position of an offset inside `text`. */
  positionAt(offset: number): { line: number; col: number };
  readonly allowInsecureUpstreams: boolean;
  /** What the URL is, for messages: 'url' or 'token_url'. */
  readonly field?: string;
}

export interface UrlCheckResult {
  readonly diagnostics: readonly Diagnostic[];
  /** scheme://host[:port] when scheme and host are literal (as WHATWG URL serialises it), else null. */
  readonly literalOrigin: string | null;
}

const HTTPS = 'https://';
const HTTP = 'http://';

export function checkUrlTemplate(input: UrlCheckInput): UrlCheckResult {
  const { text, allowInsecureUpstreams } = input;
  const field = input.field ?? 'url';
  const at = (offset: number) => ({ file: input.file, ...input.positionAt(offset) });
  const fail = (diagnostic: Diagnostic): UrlCheckResult => ({ diagnostics: [diagnostic], literalOrigin: null });

  const lower = text.toLowerCase();
  const marker = firstTemplateMarker(text);
  const schemeEnd = text.indexOf('://');
  let authorityStart: number;
  if (lower.startsWith(HTTPS)) authorityStart = HTTPS.length;
  else if (marker !== -1 && (schemeEnd === -1 || marker < schemeEnd)) {
    return fail(
      createDiagnostic(
        'url-templated-scheme',
        at(0),
        `the ${field} scheme comes from a template; it must start with a literal https://`,
        "write https:// in the URL and template only the host or path, e.g. https://{{ get_variable('api_host') }}/v1/...",
      ),
    );
  } else if (lower.startsWith(HTTP) && allowInsecureUpstreams) authorityStart = HTTP.length;
  else {
    const scheme = schemeEnd > 0 && /^[a-z][a-z0-9+.-]*$/i.test(text.slice(0, schemeEnd)) ? text.slice(0, schemeEnd + 3) : null;
    return fail(
      createDiagnostic(
        'url-not-https',
        at(0),
        scheme !== null ? `the ${field} must use https://, not ${scheme}` : `the ${field} must start with https:// (found '${text.slice(0, 24)}')`,
        scheme?.toLowerCase() === HTTP
          ? 'only HTTPS upstreams are allowed; --allow-insecure-upstreams permits http:// for local development and tests'
          : 'write the full URL, starting with https://',
      ),
    );
  }

  // The authority runs to the first '/', '?' or '#' ('\' too: WHATWG reads it as '/' in https
  // URLs); a template marker in it makes the host dynamic.
  let authorityEnd = text.length;
  for (let i = authorityStart; i < text.length; i++) {
    const ch = text[i];
    if (ch === '/' || ch === '?' || ch === '#' || ch === '\\') {
      authorityEnd = i;
      break;
    }
  }
  const authority = text.slice(authorityStart, authorityEnd);
  if (hasTemplateMarkers(authority)) {
    return { diagnostics: [], literalOrigin: null };
  }
  const scheme = text.slice(0, authorityStart).toLowerCase();
  let origin: URL;
  try {
    origin = new URL(`${scheme}${authority}/`);
  } catch {
    return fail(createDiagnostic('url-unparseable', at(authorityStart), `'${scheme}${authority}' is not a valid URL origin`, 'check the host name and port'));
  }
  if (!allowInsecureUpstreams) {
    const reason = forbiddenHostReason(origin.hostname);
    if (reason !== null) {
      return fail(
        createDiagnostic(
          'url-forbidden-host',
          at(hostOffset(text, authorityStart, authorityEnd)),
          `the ${field} host '${origin.hostname}' is a ${reason} address, which Conduit never connects to`,
          'connectors may only reach public hosts; --allow-insecure-upstreams permits private ones for local development and tests',
        ),
      );
    }
  }
  // Once scheme and host parse, WHATWG parsing of any path, query or fragment cannot fail, so a
  // literal URL that got here is one the runtime can use as it is.
  return { diagnostics: [], literalOrigin: origin.origin };
}

/** Offset of the host inside the authority (after any user:password@). */
function hostOffset(text: string, authorityStart: number, authorityEnd: number): number {
  const at = text.lastIndexOf('@', authorityEnd - 1);
  return at >= authorityStart ? at + 1 : authorityStart;
}
