// `jwt`: a JWT signed per request from the configured claims, rendered as written (numeric-string
// exp/iat/nbf cast to integers, nothing added or overwritten), `jwt_headers` merged into the JOSE
// header, sent as `Authorization: Bearer <jwt>` (SPEC §4).
import type { CompiledAuth } from '../connector.js';
import { renderJwtClaims } from './jwt-claims.js';
import { signJwt } from './jwt-sign.js';
import { renderJsonObject } from './render-json.js';
import type { AppliedAuth, AuthContext } from './types.js';

export function applyJwt(auth: CompiledAuth & { readonly type: 'jwt' }, ctx: AuthContext): AppliedAuth {
  const key = ctx.render(auth.privateKey);
  const algorithm = ctx.render(auth.algorithm);
  const payload = renderJwtClaims(auth.claims, ctx.render);
  const token = signJwt(payload, key, algorithm, renderJsonObject(auth.jwtHeaders, ctx.render));
  return { headers: [['Authorization', `Bearer ${token}`]], query: [] };
}
