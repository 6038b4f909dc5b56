// The X-API-Key check of the weather and ticket APIs.
import { timingSafeEqual } from 'node:crypto';
import { sendError, singleHeader } from './http-helpers.js';
import type { RouteRequest } from './route.js';

/** True when the request carries the key; otherwise answers 401 and returns false. */
export function requireApiKey({ req, res }: RouteRequest, apiKey: string): boolean {
  const given = Buffer.from(singleHeader(req, 'x-api-key') ?? '');
  const expected = Buffer.from(apiKey);
  if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
  sendError(res, 401, 'invalid_api_key', 'a valid X-API-Key header is required');
  return false;
}
