// Credentials of one demo run, random each time `npm start` runs: the demo upstream checks them,
// the runtime gets them from its secrets file, and the widget page never sees any of them.
import { randomBytes } from 'node:crypto';

export interface DemoCredentials {
  /** OAuth client of the profile API (client credentials grant). */
  readonly clientId: string;
  readonly clientSecret: string;
  /** X-API-Key of the weather and ticket APIs. */
  readonly apiKey: string;
  /** HS256 key of the JWT-signed partner API. */
  readonly jwtKey: string;
  /** HS256 key of the user tokens the host site (the demo page server) issues; the runtime verifies them. */
  readonly userTokenSecret: string;
}

const random = (bytes: number) => randomBytes(bytes).toString('base64url');

export function createDemoCredentials(): DemoCredentials {
  return {
    clientId: `demo-widgets-${random(4)}`,
    clientSecret: random(24),
    apiKey: random(24),
    jwtKey: random(32),
    userTokenSecret: random(32),
  };
}

/** The runtime's secrets file: the names registry/ reads with get_secret(). */
export function secretsFileOf(credentials: DemoCredentials): Record<string, string> {
  return {
    demo_client_id: credentials.clientId,
    demo_client_secret: credentials.clientSecret,
    demo_api_key: credentials.apiKey,
    demo_jwt_key: credentials.jwtKey,
  };
}

/** The runtime's variables file: where registry/ finds the demo upstream (get_variable('demo_api_host')). */
export function variablesFileOf(upstreamHost: string): Record<string, string> {
  return { demo_api_host: upstreamHost };
}
