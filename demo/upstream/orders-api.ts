// The orders API behind `order-item` (path parameters order_id and item_id; page and page_size
// overridable by the widget, fields and customer fixed by the connector).
import { sendError, sendJson } from './http-helpers.js';
import type { Route } from './route.js';

interface OrderItem {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly status: string;
}

const ORDERS: Readonly<Record<string, readonly OrderItem[]>> = {
  '42': [
    { id: 'a-1', sku: 'WID-001', name: 'Widget frame', quantity: 2, status: 'shipped' },
    { id: 'a-2', sku: 'WID-002', name: 'Widget hinge', quantity: 8, status: 'packing' },
  ],
  '77': [{ id: 'b-7', sku: 'WID-010', name: 'Widget deluxe kit', quantity: 1, status: 'backordered' }],
};

/** Only the fields the caller asked for (`fields=id,sku`), in the order asked. */
function pick(item: OrderItem, fields: string | null): Record<string, unknown> {
  if (fields === null || fields === '') return { ...item };
  const out: Record<string, unknown> = {};
  for (const field of fields.split(',')) {
    if (Object.hasOwn(item, field)) out[field] = item[field as keyof OrderItem];
  }
  return out;
}

function positiveInt(value: string | null, fallback: number): number | null {
  if (value === null) return fallback;
  return /^[1-9]\d{0,5}$/.test(value) ? Number(value) : null;
}

export function orderRoutes(): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/v1\/orders\/([^/]+)\/items\/([^/]+)$/,
      handle({ res, url, params }) {
        const [orderId, itemId] = params as [string, string];
        const item = ORDERS[orderId]?.find((i) => i.id === itemId);
        if (item === undefined) return sendError(res, 404, 'not_found', 'no such order item');
        const page = positiveInt(url.searchParams.get('page'), 1);
        const pageSize = positiveInt(url.searchParams.get('page_size'), 20);
        if (page === null || pageSize === null) return sendError(res, 400, 'invalid_request', 'page and page_size must be positive integers');
        const customer = url.searchParams.get('customer');
        sendJson(res, 200, {
          order_id: orderId,
          item: pick(item, url.searchParams.get('fields')),
          page,
          page_size: pageSize,
          // Anonymous callers reach the API without a customer (the connector sends an empty value).
          customer: customer === null || customer === '' ? null : customer,
        });
      },
    },
  ];
}
