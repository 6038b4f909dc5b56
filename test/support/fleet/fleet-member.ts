// One runtime instance of the fleet tests, in its own process (as on its own machine): serves two
// connectors through runServerFromCli (flags, CONDUIT_* env, signals):
//   with-token  GET $FLEET_RESOURCE_URL with OAuth client credentials from $FLEET_TOKEN_URL
//   with-second-token  the same with $FLEET_SECOND_CLIENT_ID (another credential)
//   cached      GET $FLEET_CACHED_URL (a cacheable upstream resource)
import { runServerFromCli } from '../../../runtime/main.js';
import { registryOf, regular } from '../runtime/connectors.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const registry = registryOf(
  regular({
    permalink: 'with-token',
    url: env('FLEET_RESOURCE_URL'),
    auth: {
      type: 'oauth_client_credentials',
      tokenUrl: env('FLEET_TOKEN_URL'),
      clientId: env('FLEET_CLIENT_ID'),
      clientSecret: env('FLEET_CLIENT_SECRET'),
      scope: null,
      audience: null,
      clientAuth: 'body',
    },
  }),
  // A second credential: its own token, its own fleet-wide lock.
  regular({
    permalink: 'with-second-token',
    url: env('FLEET_RESOURCE_URL'),
    auth: {
      type: 'oauth_client_credentials',
      tokenUrl: env('FLEET_TOKEN_URL'),
      clientId: env('FLEET_SECOND_CLIENT_ID'),
      clientSecret: env('FLEET_CLIENT_SECRET'),
      scope: null,
      audience: null,
      clientAuth: 'body',
    },
  }),
  regular({ permalink: 'cached', url: env('FLEET_CACHED_URL') }),
);

process.exitCode = await runServerFromCli(registry, process.argv.slice(2), process.env);
