// Compact case definitions for the differential suite: `c(name, template, context?)`.
import type { Case } from '../harness.js';

/**
 * A context with every kind of value the runtime feeds templates, as JSON text so floats (1.0),
 * big ints and integer-like key order reach both renderers exactly as written.
 */
export const SHARED_CONTEXT = `{
  "s": "Hello, World",
  "empty": "",
  "u": "héllo wörld ✓ 😀 日本",
  "n": null,
  "t": true,
  "f": false,
  "i": 42,
  "neg": -7,
  "zero": 0,
  "fl": 3.14159,
  "whole": 2.0,
  "tiny": 1e-7,
  "huge": 1e22,
  "big": 123456789012345678901234567890,
  "xs": [3, 1, 2],
  "words": ["banana", "Apple", "cherry", "apple"],
  "mixed": [1, "two", 3.0, null, true, [4], {"k": "v"}],
  "nums": [1.5, 2.25, -0.5, 10],
  "d": {"b": 2, "a": 1, "10": "ten", "2": "two"},
  "nested": {"user": {"name": "Ada", "tags": ["x", "y"], "address": {"city": "Zürich", "zip": "8001"}}, "list": [{"id": 1}, {"id": 2}]},
  "people": [
    {"name": "Ada", "age": 36, "city": "London", "active": true},
    {"name": "bob", "age": 25, "city": "Paris", "active": false},
    {"name": "Cy", "age": 36, "city": "london", "active": true},
    {"name": "dee", "age": 19, "city": "Berlin", "active": null}
  ],
  "quote": "it's \\"quoted\\" <b>&amp;</b>",
  "multiline": "line one\\nline two\\n\\nline four",
  "json_text": "{\\"access_token\\": \\"abc123\\", \\"expires_in\\": 3600, \\"scope\\": null, \\"ok\\": true, \\"ratio\\": 1.0, \\"items\\": [1, 2], \\"10\\": \\"a\\", \\"2\\": \\"b\\"}",
  "html": "<p>Hello <em>there</em></p> &amp; more",
  "url": "https://example.com/a b?c=d&e=f",
  "spaces": "  padded  \\t",
  "k": "items"
}`;

export function c(name: string, template: string, context: string | Readonly<Record<string, unknown>> = SHARED_CONTEXT, extra: Partial<Case> = {}): Case {
  return { name, template, context, ...extra };
}

/**
 * Cases transcribed from a pallets/jinja test file: `t(testFunction, template, context?)` names the
 * case `<file>::<testFunction>`, numbering the second and later assertions of one test `#2`, `#3`….
 * The context defaults to none, as the pallets tests' `render()`; Python objects become JSON.
 */
export function transcriber(file: string) {
  const seen = new Map<string, number>();
  return (test: string, template: string, context: string | Readonly<Record<string, unknown>> = {}, extra: Partial<Case> = {}): Case => {
    const n = (seen.get(test) ?? 0) + 1;
    seen.set(test, n);
    return { name: `${file}::${test}${n > 1 ? ` #${n}` : ''}`, template, context, ...extra };
  };
}
