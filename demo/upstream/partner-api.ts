// The partner inventory API behind `partner-inventory`: it trusts a request only with a JWT
// signed with the shared key (HS256), issued by conduit-demo for this API, and not expired.
import { jwtVerify } from 'jose';
import { sendError, sendJson, singleHeader } from './http-helpers.js';
import type { Route } from './route.js';

export const PARTNER_ISSUER = 'conduit-demo';
export const PARTNER_AUDIENCE = 'demo-partner-api';

const STOCK = [
  { sku: 'WID-001', warehouse: 'WAW-1', available: 140 },
  { sku: 'WID-002', warehouse: 'WAW-1', available: 2200 },
  { sku: 'WID-010', warehouse: 'LIS-2', available: 0 },
];

export function partnerRoutes(jwtKey: string): Route[] {
  const key = new TextEncoder().encode(jwtKey);
  return [
    {
      method: 'GET',
      path: /^\/v1\/partners\/inventory$/,
      async handle({ req, res }) {
        const match = /^Bearer\s+(\S+)$/i.exec(singleHeader(req, 'authorization') ?? '');
        if (match === null) return sendError(res, 401, 'invalid_token', 'a signed JWT is required');
        let claims;
        try {
          ({ payload: claims } = await jwtVerify(match[1]!, key, { algorithms: ['HS256'], issuer: PARTNER_ISSUER, audience: PARTNER_AUDIENCE }));
        } catch {
          return sendError(res, 401, 'invalid_token', 'the JWT is not valid for this API');
        }
        sendJson(res, 200, {
          partner: 'Acme Widget Supply',
          // What the partner learnt from the verified token: who is asking, for which community.
          requested_by: { sub: claims.sub ?? null, email: claims['email'] ?? null, tenant: claims['tenant'] ?? null },
          token_expires_in_s: typeof claims.exp === 'number' && typeof claims.iat === 'number' ? claims.exp - claims.iat : null,
          stock: STOCK,
        });
      },
    },
  ];
}
