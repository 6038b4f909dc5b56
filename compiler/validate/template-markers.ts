// Whether a string is (partly) a template: holds `{{`, `{%` or `{#`. Decides which values the
// compiler can check literally (URL scheme and host, JWT algorithm) and which only at run time.

const MARKER = /\{[{%#]/;

export function hasTemplateMarkers(text: string): boolean {
  return MARKER.test(text);
}

/** Offset of the first template marker, or -1 for plain text. */
export function firstTemplateMarker(text: string): number {
  const match = MARKER.exec(text);
  return match === null ? -1 : match.index;
}
