// The support ticket API behind `create-support-ticket` (POST, API-key protected): it checks the
// JSON the connector's request_body template built and answers 201 with the new ticket.
import { requireApiKey } from './api-key.js';
import { readBody, sendError, sendJson } from './http-helpers.js';
import type { Route } from './route.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function ticketRoutes(apiKey: string): Route[] {
  let nextId = 1001;
  return [
    {
      method: 'POST',
      path: /^\/v1\/tickets$/,
      async handle(request) {
        if (!requireApiKey(request, apiKey)) return;
        const text = await readBody(request.req);
        if (text === null) return sendError(request.res, 413, 'too_large', 'the ticket is too large');
        let ticket: unknown;
        try {
          ticket = JSON.parse(text);
        } catch {
          return sendError(request.res, 400, 'invalid_json', 'the body is not JSON');
        }
        if (!isObject(ticket) || typeof ticket['subject'] !== 'string' || ticket['subject'].trim() === '') {
          return sendError(request.res, 400, 'invalid_request', 'a ticket needs a subject');
        }
        const reporter = isObject(ticket['reporter']) ? ticket['reporter'] : {};
        sendJson(request.res, 201, {
          id: `T-${nextId++}`,
          status: 'open',
          subject: ticket['subject'],
          description: typeof ticket['description'] === 'string' ? ticket['description'] : '',
          reporter: { id: reporter['id'] ?? null, email: reporter['email'] ?? null },
          tenant: ticket['tenant'] ?? null,
        });
      },
    },
  ];
}
