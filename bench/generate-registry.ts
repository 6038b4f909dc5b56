// Writes a large, realistic registry for the compiler benchmarks: N composite connectors of S
// steps each (OAuth / API-key / JWT authentication, step references through from_json, header
// and query templates, JSON request bodies, response transformations), spread over files of
// `perFile` connectors, mixing YAML and Gainsight-style JSON. The result checks clean.
//
//   node --import tsx bench/generate-registry.ts OUT_DIR [CONNECTORS=1000] [STEPS=3]
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface GenerateOptions {
  readonly connectors: number;
  readonly stepsPerConnector?: number;
  /** Connectors per file (default 50). */
  readonly perFile?: number;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function authentication(i: number): Json {
  switch (i % 3) {
    case 0:
      return {
        type: 'oauth_client_credentials',
        config: {
          token_url: "https://{{ get_variable('auth_host') }}/oauth/token",
          client_id: `{{ get_secret('client_id_${i % 7}') }}`,
          client_secret: `{{ get_secret('client_secret_${i % 7}') }}`,
          scope: 'read write',
        },
      };
    case 1:
      return { type: 'api_key', config: { key: 'X-API-Key', value: `{{ get_secret('api_key_${i % 5}') }}`, in: 'header' } };
    default:
      return {
        type: 'jwt',
        config: {
          private_key: "{{ get_secret('jwt_signing_key') }}",
          algorithm: 'HS256',
          claims: { iss: 'conduit-bench', sub: '{{ user.id }}', tenant: '{{ tenant_id }}', scopes: ['read'], exp: '1893456000' },
        },
      };
  }
}

function step(i: number, s: number, names: readonly string[]): Json {
  const host = `api${i % 11}.example.com`;
  const previous = s > 0 ? names[s - 1]! : null;
  const ref = previous === null ? null : /^[a-z_][a-z0-9_]*$/.test(previous) ? `steps.${previous}` : `steps['${previous}']`;
  const base: Record<string, Json> = {
    name: names[s]!,
    url:
      ref === null
        ? `https://${host}/v2/accounts-${i}/users/{{ user.id }}`
        : `https://${host}/v2/accounts-${i}/resources/{{ (${ref}.body | from_json).id }}/items-${s}`,
    headers: [
      { key: 'Accept', value: 'application/json' },
      { key: 'X-Request-Source', value: `widget-${i}-{{ tenant_id }}`, overridable: false },
      ...(ref === null ? [] : [{ key: 'X-Parent-Status', value: `{{ ${ref}.status_code }}` }]),
    ],
    query_parameters: [
      { key: 'page', value: '{{ request.query_parameters.page | default(1) }}', overridable: true },
      { key: 'locale', value: `{{ user.profile_fields.by_id(${i % 17}) | default('en', true) }}` },
    ],
    authentication: authentication(i + s),
  };
  if (s === 1) {
    base['method'] = 'POST';
    base['request_body'] =
      "{% set payload = request.body_text | from_json if request.body_text else {} %}{{ {'user': user.id, 'email': user.email, " +
      `'connector': ${i}, 'filter': payload.get('filter_${i % 9}', 'all'), 'parent': (${ref}.body | from_json).id} | tojson }}`;
  }
  if (s === names.length - 1) {
    base['response_body'] =
      `{% set data = response.body | from_json %}[{% for item in data['items'][:${10 + (i % 20)}] %}` +
      `{{ {'id': item.id, 'name': item.name | title, 'field': item.field_${i % 13}, 'ok': item.status == 'active'} | tojson }}` +
      '{% if not loop.last %}, {% endif %}{% endfor %}]';
    base['response_content_type'] = 'application/json';
  }
  return base;
}

function connector(i: number, steps: number): Json {
  const names = Array.from({ length: steps }, (_, s) => (s % 2 === 0 ? `step${s}` : `fetch-step-${s}`));
  return {
    name: `Bench Connector ${i}`,
    id: 10_000 + i,
    steps: names.map((_, s) => step(i, s, names)),
  };
}

/** Writes a string the way registry authors do: plain when YAML allows it, else quoted. */
function yamlString(text: string): string {
  const plainSafe =
    /^[A-Za-z0-9_./][^\n]*$/.test(text) &&
    !/: | #|[\s]$|^(?:true|false|null|yes|no|on|off|~)$/i.test(text) &&
    !/^[-+]?(?:\d[\d_]*)?(?:\.\d*)?(?:e[-+]?\d+)?$/i.test(text);
  if (plainSafe) return text;
  return text.includes("'") || text.includes('\n') ? JSON.stringify(text) : `'${text}'`;
}

/** YAML for a value (JSON-compatible data only): block style, strings as authors write them. */
function toYaml(value: Json, indent: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    return value.map((item) => `\n${indent}-${toYaml(item, `${indent}  `).replace(/^\n\s*/, ' ')}`).join('');
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return ' {}';
    return entries.map(([k, v]) => `\n${indent}${k}:${toYaml(v, `${indent}  `)}`).join('');
  }
  return ` ${typeof value === 'string' ? yamlString(value) : JSON.stringify(value)}`;
}

export async function generateRegistry(dir: string, options: GenerateOptions): Promise<{ files: number; connectors: number }> {
  const steps = options.stepsPerConnector ?? 3;
  const perFile = options.perFile ?? 50;
  await mkdir(dir, { recursive: true });
  let files = 0;
  for (let start = 0; start < options.connectors; start += perFile) {
    const batch = Array.from({ length: Math.min(perFile, options.connectors - start) }, (_, k) => connector(start + k, steps));
    const index = String(files).padStart(4, '0');
    // Every fourth file is a Gainsight-style JSON registry; the others are YAML.
    if (files % 4 === 3) {
      await writeFile(path.join(dir, `connectors_${index}.json`), `${JSON.stringify({ composite_connectors: batch }, null, 2)}\n`);
    } else {
      await writeFile(path.join(dir, `connectors_${index}.yaml`), `composite_connectors:${toYaml(batch, '  ')}\n`);
    }
    files++;
  }
  return { files, connectors: options.connectors };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [out, connectors = '1000', steps = '3'] = process.argv.slice(2);
  if (out === undefined) {
    process.stderr.write('usage: node --import tsx bench/generate-registry.ts OUT_DIR [CONNECTORS=1000] [STEPS=3]\n');
    process.exit(1);
  }
  const written = await generateRegistry(out, { connectors: Number(connectors), stepsPerConnector: Number(steps) });
  process.stdout.write(`wrote ${written.connectors} connectors x ${steps} steps in ${written.files} files to ${out}\n`);
}
