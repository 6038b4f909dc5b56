// The URL rules of SPEC §1 (v2), applied to a URL template before it is ever rendered:
// - the scheme is literally `https://`, or the whole origin is one host variable
//   (`{{ get_variable('instance_url') }}/services/data`); no other template makes the scheme;
// - a template in the host is only get_variable('<literal>') [| default('<literal>'[, true])],
//   as the whole origin, the whole host or one host label (./host-variable.ts); any other
//   expression, a statement or a comment there is an error that names it;
// - no `user:password@` before the host;
// - a literal host is parsed the way the runtime will (WHATWG URL: 2130706433, 0x7f.1 and
//   [::ffff:127.0.0.1] all normalise to loopback) and refused when the shared SSRF policy
//   refuses it; a templated host is checked at run time after rendering and DNS resolution;
// - literal URL text holds only characters a valid URL may hold (a space must be encoded).
// `allowInsecureUpstreams` (tests and local development only) accepts http:// and private hosts.
import { forbiddenHostReason } from '../../runtime/http/address-policy.js';
import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { isHostVariable } from './host-variable.js';
import { urlSegments, type UrlSegment } from './url-segments.js';

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

type Tag = Exclude<UrlSegment, { kind: 'literal' }>;

const HTTPS = 'https://';
const HTTP = 'http://';
const HOST_GRAMMAR = "get_variable('<name>'), optionally | default('<text>') or | default('<text>', true)";

export function checkUrlTemplate(input: UrlCheckInput): UrlCheckResult {
  const { text, allowInsecureUpstreams } = input;
  const field = input.field ?? 'url';
  const at = (offset: number) => ({ file: input.file, ...input.positionAt(offset) });
  const fail = (diagnostic: Diagnostic): UrlCheckResult => ({ diagnostics: [diagnostic], literalOrigin: null });
  const segments = urlSegments(text);
  // An unclosed tag is a template syntax error, reported (with its position) by the analysis.
  if (segments === null) return { diagnostics: [], literalOrigin: null };
  const first = segments[0];
  const lower = first?.kind === 'literal' ? first.text.toLowerCase() : '';

  let authorityStart: number;
  if (first !== undefined && first.kind !== 'literal') {
    // A tag first: the whole origin ({{ get_variable('base') }}/...), or a templated scheme.
    const next = text[first.end];
    const endsOrigin = next === undefined || next === '/' || next === '?' || next === '#';
    if (first.kind === 'expression' && endsOrigin) return wholeOrigin(input, first, segments, field);
    if (!text.includes('://')) return wholeOrigin(input, first, segments, field);
    return fail(templatedScheme(at(0), field));
  }
  if (lower.startsWith(HTTPS)) authorityStart = HTTPS.length;
  else if (lower.startsWith(HTTP) && allowInsecureUpstreams) authorityStart = HTTP.length;
  else if (text.includes('://') && tagBefore(segments, text.indexOf('://'))) return fail(templatedScheme(at(0), field));
  else {
    const schemeEnd = text.indexOf('://');
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

  // The authority runs to the first '/', '?' or '#' of literal text ('\' too: WHATWG reads it as
  // '/' in https URLs); tags before that are in the host.
  const authorityEnd = authorityEndOffset(segments, authorityStart, text.length);
  const tags = segments.filter((s): s is Tag => s.kind !== 'literal' && s.start >= authorityStart && s.start < authorityEnd);
  const authorityLiteral = (from: number, to: number) => literalText(segments, from, to);
  const diagnostics: Diagnostic[] = [];

  const atSign = text.slice(authorityStart, authorityEnd).indexOf('@');
  if (atSign !== -1 && literalCovers(segments, authorityStart + atSign)) {
    return fail(
      createDiagnostic(
        'url-userinfo',
        at(authorityStart),
        `the ${field} carries credentials before the host (user:password@); Conduit never sends URL userinfo`,
        'send credentials with `authentication` (api_key, oauth_client_credentials, ...) or a header such as Authorization',
      ),
    );
  }

  if (tags.length > 0) {
    // One problem per host: the tags after it (an {% endif %}, ...) are usually the same mistake.
    const problems = tags.map((tag, index) => ({ tag, problem: hostTagProblem(tag, index, tags.length, authorityStart, authorityEnd, authorityLiteral) }));
    const first = problems.find((p) => p.problem !== null);
    if (first !== undefined) {
      const { tag, problem } = first;
      diagnostics.push(
        tag.kind === 'comment'
          ? createDiagnostic('url-host-comment', at(tag.start), `the ${field} host holds a template comment ${quote(tag.source)}`, 'remove the comment from the host; comments may sit in the path')
          : createDiagnostic('url-host-expression', at(tag.start), `the ${field} host may not hold ${quote(tag.source)}: ${problem}`, `a host may only use ${HOST_GRAMMAR}, as the whole host or one label, e.g. https://{{ get_variable('region') }}.api.example.com`),
      );
    }
    diagnostics.push(...invalidCharacters(input, segments, authorityEnd, field));
    return { diagnostics, literalOrigin: null };
  }

  const authority = text.slice(authorityStart, authorityEnd);
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
          at(authorityStart),
          `the ${field} host '${origin.hostname}' is a ${reason} address, which Conduit never connects to`,
          'connectors may only reach public hosts; --allow-insecure-upstreams permits private ones for local development and tests',
        ),
      );
    }
  }
  diagnostics.push(...invalidCharacters(input, segments, authorityEnd, field));
  return { diagnostics, literalOrigin: diagnostics.length === 0 ? origin.origin : null };
}

/** `{{ get_variable('base') }}/path`: the variable is the whole origin, scheme included. */
function wholeOrigin(input: UrlCheckInput, tag: Tag, segments: readonly UrlSegment[], field: string): UrlCheckResult {
  const at = (offset: number) => ({ file: input.file, ...input.positionAt(offset) });
  const next = input.text[tag.end];
  const endsOrigin = next === undefined || next === '/' || next === '?' || next === '#';
  let problem: string | null = null;
  if (tag.kind === 'comment') problem = 'a comment cannot be the origin';
  else if (tag.kind === 'statement') problem = 'a statement cannot make the origin';
  else if (!isHostVariable(tag.inner)) problem = 'only a host variable may be the whole origin';
  else if (!endsOrigin) problem = 'a variable at the start of the URL must be the whole origin (scheme and host), followed by /, ? or the end';
  if (problem !== null) {
    return {
      diagnostics: [
        createDiagnostic(
          'url-host-expression',
          at(tag.start),
          `the ${field} origin may not come from ${quote(tag.source)}: ${problem}`,
          `the whole origin may only be ${HOST_GRAMMAR}, e.g. {{ get_variable('instance_url') }}/services/data; or write https:// literally`,
        ),
      ],
      literalOrigin: null,
    };
  }
  return { diagnostics: invalidCharacters(input, segments, tag.end, field), literalOrigin: null };
}

/** Why a tag cannot be in the host (null: it can). Only the first tag may be; it must fill one label. */
function hostTagProblem(
  tag: Tag,
  index: number,
  count: number,
  authorityStart: number,
  authorityEnd: number,
  literal: (from: number, to: number) => string,
): string | null {
  if (tag.kind === 'comment') return 'a comment';
  if (tag.kind === 'statement') return 'statements cannot build a host';
  if (!isHostVariable(tag.inner)) return 'only a host variable may be in the host';
  if (index > 0) return 'a host holds at most one variable';
  // With a second tag, that one is the mistake to name.
  if (count > 1) return null;
  const before = literal(authorityStart, tag.start);
  const after = literal(tag.end, authorityEnd);
  const fillsLabel = (before === '' || before.endsWith('.')) && (after === '' || after.startsWith('.') || /^:\d+$/.test(after));
  return fillsLabel ? null : 'a variable must be the whole host or one whole label between dots';
}

/** Offset where the authority ends: the first '/', '?', '#' or '\' of literal text after `from`. */
function authorityEndOffset(segments: readonly UrlSegment[], from: number, length: number): number {
  for (const segment of segments) {
    if (segment.kind !== 'literal') continue;
    const end = segment.start + segment.text.length;
    if (end <= from) continue;
    for (let i = Math.max(from, segment.start); i < end; i++) {
      const ch = segment.text[i - segment.start];
      if (ch === '/' || ch === '?' || ch === '#' || ch === '\\') return i;
    }
  }
  return length;
}

/** The literal text between two offsets (tags left out). */
function literalText(segments: readonly UrlSegment[], from: number, to: number): string {
  let out = '';
  for (const segment of segments) {
    if (segment.kind !== 'literal') continue;
    const start = Math.max(from, segment.start);
    const end = Math.min(to, segment.start + segment.text.length);
    if (end > start) out += segment.text.slice(start - segment.start, end - segment.start);
  }
  return out;
}

function literalCovers(segments: readonly UrlSegment[], offset: number): boolean {
  return segments.some((s) => s.kind === 'literal' && offset >= s.start && offset < s.start + s.text.length);
}

function templatedScheme(at: { file: string; line: number; col: number }, field: string): Diagnostic {
  return createDiagnostic(
    'url-templated-scheme',
    at,
    `the ${field} scheme comes from a template; it must start with a literal https://, or the whole origin must be one variable`,
    "write https:// and template only a host label or the path, e.g. https://{{ get_variable('api_host') }}/v1/..., or make the variable the whole origin: {{ get_variable('instance_url') }}/v1/...",
  );
}

function tagBefore(segments: readonly UrlSegment[], offset: number): boolean {
  return segments.some((s) => s.kind !== 'literal' && s.start < offset);
}

/** ASCII characters a URL may hold unencoded (WHATWG "URL code points" and `#`); `%` is checked apart. */
const ALLOWED_ASCII: readonly boolean[] = Array.from({ length: 128 }, (_, code) => /[A-Za-z0-9!$&'()*+,\-./:;=?@_~#]/.test(String.fromCharCode(code)));

/**
 * The first literal character after the authority that a valid URL cannot hold unencoded (a
 * space, a quote, <, >, {, }, |, \, ^, `, a control character, a % without two hex digits).
 */
function invalidCharacters(input: UrlCheckInput, segments: readonly UrlSegment[], from: number, field: string): Diagnostic[] {
  for (const [index, segment] of segments.entries()) {
    if (segment.kind !== 'literal') continue;
    const { text, start } = segment;
    const lastSegment = index === segments.length - 1;
    for (let i = Math.max(0, from - start); i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0xa0 || ALLOWED_ASCII[code] === true) continue;
      const ch = text[i]!;
      // Jinja2 drops one trailing newline of a template.
      if (ch === '\n' && lastSegment && i === text.length - 1) continue;
      if (ch === '%') {
        const hex = text.slice(i + 1, i + 3);
        // A % right before a template may be completed by it: left to the runtime.
        if (/^[0-9A-Fa-f]{2}$/.test(hex) || (hex.length < 2 && !lastSegment)) continue;
      }
      const what = ch === ' ' ? 'a space' : code < 0x20 || code === 0x7f ? `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `'${ch}'`;
      return [
        createDiagnostic(
          'url-invalid-character',
          { file: input.file, ...input.positionAt(start + i) },
          `the ${field} holds ${what}, which a URL cannot hold unencoded`,
          ch === '%' ? 'write a literal % as %25' : `percent-encode it (${encodeURIComponent(ch)}), or put the value in query_parameters, which are encoded`,
        ),
      ];
    }
  }
  return [];
}

function quote(source: string): string {
  const oneLine = source.replace(/\s+/g, ' ');
  return `\`${oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine}\``;
}
