// Options of `npm start` (demo/start.ts): flags, or CONDUIT_DEMO_* variables. Errors as data.
import { parseArgs } from 'node:util';

export interface DemoOptions {
  readonly registryDir: string;
  /** null: build into generated/, dist/server.mjs and sdk/dist like `npm run build` does. */
  readonly buildDir: string | null;
  readonly pagePort: number;
  readonly runtimePort: number;
  readonly upstreamPort: number;
  readonly help: boolean;
}

export const DEMO_USAGE = `usage: npm start [-- options]      (node --import tsx demo/start.ts [options])

Builds registry/, then runs the demo upstream (OAuth server + JSON API over HTTPS), the bundled
runtime and the demo widget page, until Ctrl-C.

  --port N           the demo page (default 3000, env CONDUIT_DEMO_PORT; 0: any free port)
  --runtime-port N   the Conduit runtime (default 8080, env CONDUIT_DEMO_RUNTIME_PORT)
  --upstream-port N  the demo upstream (default: any free port, env CONDUIT_DEMO_UPSTREAM_PORT)
  --build-dir DIR    build into DIR instead of generated/, dist/server.mjs and sdk/dist
                     (env CONDUIT_DEMO_BUILD_DIR)
  --registry DIR     the registry to build (default registry, env CONDUIT_DEMO_REGISTRY); its
                     connectors reach the demo upstream through get_variable('demo_api_host')
  -h, --help         this text`;

export type ParsedDemoOptions = { readonly ok: true; readonly options: DemoOptions } | { readonly ok: false; readonly errors: readonly string[] };

function port(name: string, value: string, errors: string[]): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    errors.push(`${name} must be a port number (0-65535), got '${value}'`);
    return 0;
  }
  return Number(value);
}

export function parseDemoOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ParsedDemoOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        'runtime-port': { type: 'string' },
        'upstream-port': { type: 'string' },
        'build-dir': { type: 'string' },
        registry: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return { ok: false, errors: [err instanceof Error ? err.message : String(err)] };
  }
  const errors: string[] = [];
  const pick = (flag: string | undefined, variable: string) => {
    const value = flag ?? env[variable];
    return value === undefined || value === '' ? undefined : value;
  };
  const portOf = (flag: string | undefined, variable: string, name: string, fallback: number) => {
    const value = pick(flag, variable);
    return value === undefined ? fallback : port(name, value, errors);
  };
  const options: DemoOptions = {
    registryDir: pick(values.registry, 'CONDUIT_DEMO_REGISTRY') ?? 'registry',
    buildDir: pick(values['build-dir'], 'CONDUIT_DEMO_BUILD_DIR') ?? null,
    pagePort: portOf(values.port, 'CONDUIT_DEMO_PORT', '--port', 3000),
    runtimePort: portOf(values['runtime-port'], 'CONDUIT_DEMO_RUNTIME_PORT', '--runtime-port', 8080),
    upstreamPort: portOf(values['upstream-port'], 'CONDUIT_DEMO_UPSTREAM_PORT', '--upstream-port', 0),
    help: values.help === true,
  };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, options };
}
