// Signs a JWT synchronously (templates render synchronously; jwt_encode and the JWT strategies share this).
// PLACEHOLDER until the authentication work lands: the signature below is the contract.
import { AuthError } from './types.js';

/**
 * @param payload   JSON-serialisable claims (plain JS values)
 * @param key       PEM private key, or the shared secret for HS* algorithms
 * @param algorithm HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512, EdDSA
 * @param header    extra JWS header fields (alg and typ are set by the signer)
 * @throws AuthError('signing') on a bad key or algorithm
 */
export function signJwt(
  payload: Readonly<Record<string, unknown>>,
  key: string,
  algorithm: string,
  header?: Readonly<Record<string, unknown>>,
): string {
  void payload;
  void key;
  void header;
  throw new AuthError('signing', `JWT signing is not available yet (algorithm ${algorithm})`);
}
