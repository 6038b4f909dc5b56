// The product catalog behind the cached GET `product-catalog`: it allows caching (Cache-Control
// max-age) and revalidation (ETag / If-None-Match -> 304). `upstream_requests` counts the full
// answers it sent, so a cached answer shows the same count again.
import { sendJson, singleHeader } from './http-helpers.js';
import type { Route } from './route.js';

/** How long the runtime may reuse an answer, in seconds. */
export const CATALOG_MAX_AGE = 30;
/** Weak: the products are the same, `served_at` and the counter may differ. */
const ETAG = 'W/"catalog-2024-06"';

const PRODUCTS = [
  { sku: 'WID-001', name: 'Widget frame', price: { amount: 1299, currency: 'EUR' }, in_stock: true },
  { sku: 'WID-002', name: 'Widget hinge', price: { amount: 349, currency: 'EUR' }, in_stock: true },
  { sku: 'WID-010', name: 'Widget deluxe kit', price: { amount: 8999, currency: 'EUR' }, in_stock: false },
];

function matchesEtag(header: string | undefined): boolean {
  if (header === undefined) return false;
  // Weak comparison (RFC 9110 §13.1.2): W/ prefixes do not matter.
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || strip(tag) === strip(ETAG));
}

export function catalogRoutes(): Route[] {
  let fullAnswers = 0;
  return [
    {
      method: 'GET',
      path: /^\/v1\/catalog$/,
      handle({ req, res }) {
        const caching = { 'Cache-Control': `public, max-age=${CATALOG_MAX_AGE}`, ETag: ETAG };
        if (matchesEtag(singleHeader(req, 'if-none-match'))) {
          res.writeHead(304, caching);
          res.end();
          return;
        }
        fullAnswers++;
        sendJson(res, 200, { products: PRODUCTS, served_at: new Date().toISOString(), upstream_requests: fullAnswers }, caching);
      },
    },
  ];
}
