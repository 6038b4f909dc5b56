// The host page's CSRF token (Django-style pages render it into an element with id `csrftoken`),
// read per request so a token the page renders or rotates after the SDK was created is still used.

/** The parts of a DOM element the lookup reads (typed here so the SDK also compiles without the DOM lib). */
export interface CsrfTokenElement {
  readonly tagName?: string;
  readonly value?: unknown;
  readonly textContent?: string | null;
  getAttribute?(name: string): string | null;
}

export interface CsrfTokenDocument {
  getElementById(id: string): CsrfTokenElement | null;
}

export const CSRF_TOKEN_ELEMENT_ID = 'csrftoken';
export const CSRF_TOKEN_HEADER = 'X-CSRFToken';

/** The page's document, when there is one (undefined in Node and in workers). */
export function pageDocument(): CsrfTokenDocument | undefined {
  const candidate = (globalThis as { document?: unknown }).document;
  return typeof candidate === 'object' && candidate !== null && typeof (candidate as CsrfTokenDocument).getElementById === 'function'
    ? (candidate as CsrfTokenDocument)
    : undefined;
}

/**
 * The token from `#csrftoken`: a form control's value (`<input type="hidden">`), a `<meta>`'s
 * content, else the element's text. null when there is no such element or it is empty.
 */
export function readCsrfToken(doc: CsrfTokenDocument | undefined): string | null {
  const element = doc?.getElementById(CSRF_TOKEN_ELEMENT_ID);
  if (element === null || element === undefined) return null;
  let token: string | null | undefined;
  if (typeof element.value === 'string') token = element.value;
  else if (element.tagName?.toUpperCase() === 'META') token = element.getAttribute?.('content');
  else token = element.textContent;
  const trimmed = token?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}
