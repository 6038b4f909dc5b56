// `conduit init [DIR]`: scaffolds a registry folder (default `registry`) with one commented
// example file that passes `conduit check`. Never overwrites: an existing file is left alone.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HELP_FLAG, parseCommandArgs } from '../args.js';

const USAGE = 'usage: conduit init [DIR]   (scaffolds DIR, default ./registry, with an example connectors.yaml)';

export const EXAMPLE_FILE_NAME = 'connectors.yaml';

export const EXAMPLE_REGISTRY = `# Conduit registry: every *.yaml, *.yml and *.json file of this folder is read.
# Check it with:  npx conduit check --registry <this folder>
#
# Values are Jinja2 templates. What a template may use depends on where it is:
#   url            user.*, tenant_id, get_variable(), pathParams.* (regular connectors), steps.*
#   headers, query_parameters, authentication config
#                  the same, plus get_secret('name') for credentials
#   request_body   the same as url, plus body_text / body_raw (the caller's payload)
#   response_body  response.body, response.status_code, response.headers, user.*, ...
# Secrets never appear in this file: get_secret('name') reads them from the secret store.

# Regular connectors: one HTTPS call each. Widgets call them by permalink
# (derived from the name when absent: "Weather Current" -> weather-current).
connectors:
  - name: Weather Current
    permalink: weather-current
    # The scheme must be a literal https://; the host may come from a variable.
    url: https://api.example.com/v1/current
    # The caller must use this method.
    method: GET
    headers:
      - key: Accept
        value: application/json
    query_parameters:
      # overridable: the widget may send its own value; else this one is used.
      - key: city
        value: Warsaw
        overridable: true
      - key: units
        value: metric
    authentication:
      type: api_key
      config:
        key: X-API-Key
        value: "{{ get_secret('weather_api_key') }}"
        in: header
    # Reshape the upstream answer before the widget sees it.
    response_body: |
      {% set data = response.body | from_json %}
      {{ {'city': data.location, 'temperature': data.temp_c} | tojson }}
    response_content_type: application/json

  - name: Order Details
    # Path parameters: the widget passes pathParams: { order_id: 42 }; each one the URL reads
    # is declared here. method defaults to GET.
    url: https://api.example.com/v1/orders/{{ pathParams.order_id }}
    path_parameters:
      - key: order_id
    headers:
      # Identity values must not be overridable: the caller could replace them.
      - key: X-User-Email
        value: "{{ user.email }}"

# Composite connectors: ordered chains of steps. Later steps read earlier results as
# steps.<name>.body (steps['fetch-user'] for hyphenated names). Widgets always call them with POST.
composite_connectors:
  - name: Profile With Orders
    steps:
      - name: profile
        url: https://api.example.com/v1/users/{{ user.id }}
        headers:
          # A header that reads user.* makes anonymous callers get 401 instead of /users/None.
          - key: X-User-Id
            value: "{{ user.id }}"
        authentication:
          type: oauth_client_credentials
          config:
            token_url: https://auth.example.com/oauth/token
            client_id: "{{ get_secret('example_client_id') }}"
            client_secret: "{{ get_secret('example_client_secret') }}"
      - name: orders
        url: https://api.example.com/v1/orders
        query_parameters:
          - key: customer
            value: "{{ (steps.profile.body | from_json).customer_id }}"
`;

export async function run(argv: readonly string[]): Promise<number> {
  const args = parseCommandArgs('init', USAGE, argv, { help: HELP_FLAG }, { maxPositionals: 1 });
  if (!args.ok) return args.exitCode;
  const dir = args.positionals[0] ?? 'registry';
  const file = path.join(dir, EXAMPLE_FILE_NAME);
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    process.stderr.write(`conduit init: cannot create the folder ${dir}: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    // 'wx' fails when the file exists: init never overwrites an author's work.
    await writeFile(file, EXAMPLE_REGISTRY, { flag: 'wx' });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(
      e.code === 'EEXIST' ? `conduit init: ${file} already exists; not overwriting it\n` : `conduit init: cannot create ${file}: ${e.message}\n`,
    );
    return 1;
  }
  process.stdout.write(`created ${file}\nnext: conduit check --registry ${dir}\n`);
  return 0;
}
