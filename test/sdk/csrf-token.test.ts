// Reading the page's CSRF token from the element with id `csrftoken` (real DOMs are exercised by the
// browser tests; here the lookup runs over element-shaped objects).
import { afterEach, describe, expect, test } from 'vitest';
import { type CsrfTokenElement, pageDocument, readCsrfToken } from '../../sdk/src/csrf-token.js';

function page(element: CsrfTokenElement | null) {
  const asked: string[] = [];
  return {
    asked,
    doc: {
      getElementById(id: string) {
        asked.push(id);
        return element;
      },
    },
  };
}

describe('readCsrfToken', () => {
  test('looks up the element with id csrftoken', () => {
    const { doc, asked } = page(null);
    expect(readCsrfToken(doc)).toBeNull();
    expect(asked).toEqual(['csrftoken']);
  });

  test("an input's value", () => {
    expect(readCsrfToken(page({ tagName: 'INPUT', value: ' abc123 ', textContent: '' }).doc)).toBe('abc123');
  });

  test("a meta element's content", () => {
    expect(readCsrfToken(page({ tagName: 'meta', textContent: '', getAttribute: (n) => (n === 'content' ? 'from-meta' : null) }).doc)).toBe('from-meta');
  });

  test("another element's text", () => {
    expect(readCsrfToken(page({ tagName: 'DIV', textContent: '\n  tok-en  \n' }).doc)).toBe('tok-en');
  });

  test.each<[string, CsrfTokenElement]>([
    ['an empty input', { tagName: 'INPUT', value: '' }],
    ['a blank text', { tagName: 'SPAN', textContent: '   ' }],
    ['a meta without content', { tagName: 'META', getAttribute: () => null }],
    ['an element with no text', { tagName: 'DIV', textContent: null }],
  ])('%s gives null', (_name, element) => {
    expect(readCsrfToken(page(element).doc)).toBeNull();
  });

  test('no document gives null', () => {
    expect(readCsrfToken(undefined)).toBeNull();
  });
});

describe('pageDocument', () => {
  const globals = globalThis as { document?: unknown };
  afterEach(() => {
    delete globals.document;
  });

  test('is undefined in Node', () => {
    expect(pageDocument()).toBeUndefined();
  });

  test('ignores a global `document` that is not a document', () => {
    globals.document = { title: 'not a DOM' };
    expect(pageDocument()).toBeUndefined();
  });

  test('returns the global document when it can look up elements', () => {
    const doc = { getElementById: () => null };
    globals.document = doc;
    expect(pageDocument()).toBe(doc);
  });
});
