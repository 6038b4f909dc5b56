// Claims of the `jwt` strategy (SPEC §4): every value is a template, so a rendered claim is a
// string; the registered time claims `exp`, `iat` and `nbf` that render as whole numbers become
// integers (a NumericDate must be a number for every verifier). Nothing is added or overwritten.
import type { CompiledJson } from '../connector.js';
import { renderJsonObject } from './render-json.js';

const TIME_CLAIMS: readonly string[] = ['exp', 'iat', 'nbf'];
const INTEGER = /^\s*-?\d+\s*$/;
const NUMBER = /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** A numeric string as a NumericDate: whole seconds (a fraction is truncated, as Python's int(float(x))). */
function numericDate(text: string): number | null {
  if (INTEGER.test(text)) {
    const value = Number(text);
    return Number.isSafeInteger(value) ? value : null;
  }
  if (NUMBER.test(text)) {
    const value = Math.trunc(Number(text));
    return Number.isSafeInteger(value) ? value : null;
  }
  return null;
}

export function renderJwtClaims(claims: CompiledJson & { readonly kind: 'object' }, render: Parameters<typeof renderJsonObject>[1]): Record<string, unknown> {
  const rendered = renderJsonObject(claims, render);
  for (const name of TIME_CLAIMS) {
    const value = rendered[name];
    if (typeof value !== 'string') continue;
    const seconds = numericDate(value);
    if (seconds !== null) rendered[name] = seconds;
  }
  return rendered;
}
