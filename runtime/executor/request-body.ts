// The Content-Type Conduit gives a rendered request body when the connector configures none
// (Conduit's choice; SPEC is silent): JSON when the text is a JSON document, else plain UTF-8 text.

export const JSON_CONTENT_TYPE = 'application/json';
export const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';

function startsLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    // Only objects and arrays: a bare number or word is far more likely meant as text.
    return c === 0x7b /* { */ || c === 0x5b /* [ */;
  }
  return false;
}

export function contentTypeOfRenderedBody(text: string): string {
  if (!startsLikeJson(text)) return TEXT_CONTENT_TYPE;
  try {
    JSON.parse(text);
    return JSON_CONTENT_TYPE;
  } catch {
    return TEXT_CONTENT_TYPE;
  }
}
