// The cache benchmark scenario: one regular GET connector with a credential header, against an
// upstream whose answer (about 1.4 KB of JSON) is cacheable for a minute and carries an ETag.
export const RESOURCE_PATH = '/catalog/items';
export const RESOURCE_BODY = JSON.stringify({
  items: Array.from({ length: 24 }, (_, i) => ({ id: i + 1, name: `Item ${i + 1}`, price: (i + 1) * 3.5, tags: ['a', 'b', 'c'] })),
});
export const API_KEY = 'bench-api-key';
export const PERMALINK = 'catalog';

