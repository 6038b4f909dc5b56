// The regular connector of the regular-connector benchmark (issue 15): one upstream GET with a
// fixed header and two fixed query parameters, no authentication, no response template. Every
// server of ../regular.ts answers GET <its path> with the upstream's body, unchanged.

export const PERMALINK = 'item-list';
export const UPSTREAM_PATH = '/v1/items';
/** The two query parameters, encoded as every side sends them. */
export const QUERY = 'limit=20&sort=name';
export const API_VERSION_HEADER = 'x-api-version';
export const API_VERSION = '2024-06-01';

/** A small JSON list (about 600 bytes), what a widget typically shows. */
export const ITEMS_BODY = JSON.stringify({
  items: Array.from({ length: 8 }, (_, i) => ({ id: i + 1, name: `Item ${i + 1}`, status: i % 3 === 0 ? 'open' : 'closed', score: 10 * i + 7 })),
  next: null,
});
