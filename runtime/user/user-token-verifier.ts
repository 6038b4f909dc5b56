// Verifies the host site's user token (SPEC §5 "User context") with jose: an HMAC shared secret,
// a PEM public key, or a JWKS document. Results are cached per token until it expires, so a
// widget's repeated calls pay for one signature check.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import { userFromClaims, type UserContext } from './user-context.js';

export type UserTokenKey =
  | { readonly kind: 'hmac'; readonly secret: string }
  | { readonly kind: 'public-key'; readonly pem: string }
  | { readonly kind: 'jwks'; readonly jwks: JSONWebKeySet };

export type UserVerification =
  | { readonly ok: true; readonly user: UserContext }
  | { readonly ok: false; readonly reason: 'expired' | 'invalid'; readonly message: string };

export interface UserTokenVerifier {
  verify(token: string): Promise<UserVerification>;
}

export interface UserTokenVerifierOptions {
  /** Verified tokens remembered at once. Default 10 000. */
  readonly cacheSize?: number;
  /** Clock in ms since the epoch (tests fix it). */
  readonly now?: () => number;
}

const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'];
const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
/** A token without `exp` is re-verified at least this often. */
const MAX_CACHE_MS = 5 * 60_000;

type VerifyKey = Uint8Array | KeyObject | ReturnType<typeof createLocalJWKSet>;

interface CachedUser {
  readonly user: UserContext;
  /** ms since the epoch after which the entry must not be used. */
  readonly validUntil: number;
}

function keyOf(key: UserTokenKey): { readonly verifyKey: VerifyKey; readonly algorithms: readonly string[] } {
  switch (key.kind) {
    case 'hmac':
      return { verifyKey: new TextEncoder().encode(key.secret), algorithms: HMAC_ALGORITHMS };
    case 'public-key':
      return { verifyKey: createPublicKey(key.pem), algorithms: ASYMMETRIC_ALGORITHMS };
    case 'jwks':
      return { verifyKey: createLocalJWKSet(key.jwks), algorithms: [...HMAC_ALGORITHMS, ...ASYMMETRIC_ALGORITHMS] };
  }
}

/** @throws when the key itself is unusable (bad PEM): a start-up error, not a request error. */
export function createUserTokenVerifier(key: UserTokenKey, options: UserTokenVerifierOptions = {}): UserTokenVerifier {
  const { verifyKey, algorithms } = keyOf(key);
  const now = options.now ?? Date.now;
  const cache = new LRUCache<string, CachedUser>({ max: options.cacheSize ?? 10_000 });
  const algorithmList = [...algorithms];

  async function verifySignature(token: string): Promise<UserVerification> {
    let payload: JWTPayload;
    try {
      const opts = { algorithms: algorithmList, currentDate: new Date(now()) };
      // jose's overloads differ by key kind; each accepts the same options.
      ({ payload } =
        typeof verifyKey === 'function' ? await jwtVerify(token, verifyKey, opts) : await jwtVerify(token, verifyKey, opts));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) return { ok: false, reason: 'expired', message: 'The user token has expired' };
      return { ok: false, reason: 'invalid', message: 'The user token is invalid' };
    }
    const user = userFromClaims(payload as Readonly<Record<string, unknown>>);
    const expiresAt = typeof payload.exp === 'number' ? payload.exp * 1000 : Infinity;
    cache.set(token, { user, validUntil: Math.min(expiresAt, now() + MAX_CACHE_MS) });
    return { ok: true, user };
  }

  return {
    async verify(token) {
      const cached = cache.get(token);
      if (cached !== undefined) {
        if (now() < cached.validUntil) return { ok: true, user: cached.user };
        cache.delete(token);
      }
      return verifySignature(token);
    },
  };
}
