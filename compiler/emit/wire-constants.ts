// The wire form of what a step sends that no request can change (runtime/connector.ts
// CompiledWire): header pairs, the encoded query string, the full URL and the upstream host,
// worked out here with the same rules the runtime applies per request (step-request.ts), so a
// constant step is sent as built.
import type { StepIR } from '../analyse/ir.js';
import type { TemplateCompiler } from './template-value.js';

export interface WireConstants {
  readonly headers: readonly (readonly [string, string])[] | null;
  readonly query: string | null;
  readonly href: string | null;
  readonly host: string | null;
}

// The runtime's checks of a rendered header (runtime/executor/step-request.ts checkHeader); the
// size limit is a server option, so the runtime checks that once per connector.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE_FORBIDDEN = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/**
 * @param callerOverrides true for regular connectors, whose overridable rows take the caller's
 *   value (a composite's caller cannot override its steps' rows)
 */
export function wireConstants(step: StepIR, callerOverrides: boolean, templates: TemplateCompiler): WireConstants {
  const fixed = (rows: StepIR['headers']) => {
    const pairs: [string, string][] = [];
    for (const row of rows) {
      const value = templates.constantOf(row.value);
      if (value === null || (callerOverrides && row.overridable)) return null;
      pairs.push([row.key, value]);
    }
    return pairs;
  };
  const headerPairs = fixed(step.headers);
  const headers = headerPairs !== null && headerPairs.every(([name, value]) => HEADER_NAME.test(name) && !HEADER_VALUE_FORBIDDEN.test(value)) ? headerPairs : null;
  const queryPairs = fixed(step.queryParameters);
  const query = queryPairs === null ? null : new URLSearchParams(queryPairs).toString();
  const url = templates.constantOf(step.url.template);
  const href = url === null || query === null ? null : withQuery(new URL(url).href, query);
  const origin = url === null ? step.url.literalOrigin : new URL(url).origin;
  return { headers, query, href, host: origin === null ? null : hostName(origin) };
}

/** runtime/executor/step-request.ts appendQuery, for an encoded query. */
function withQuery(url: string, query: string): string {
  if (query === '') return url;
  const hash = url.indexOf('#');
  const base = hash >= 0 ? url.slice(0, hash) : url;
  if (!base.includes('?')) return `${base}?${query}`;
  return base.endsWith('?') || base.endsWith('&') ? `${base}${query}` : `${base}&${query}`;
}

function hostName(origin: string): string {
  const host = new URL(origin).hostname;
  return host.startsWith('[') ? host.slice(1, -1) : host;
}
