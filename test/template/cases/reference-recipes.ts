// The reference platform's documented template recipes (Gainsight Customer Communities developer
// portal: docs/connectors/template-variables, composite-connectors, configuration,
// headers-and-query-parameters, payload-template, response-transformation, authentication, and
// the ones SPEC §1–§2 quote), each with the data the page describes. Named `recipe: <page>: …`.
// Not transcribed: `user.profile_fields.by_id(123)` (a method of the platform's user object that a
// JSON context cannot carry; Conduit's own cases cover it through the runtime's user value).
import type { Case } from '../harness.js';

const CONTEXT = {
  tenant_id: 'acme-eu',
  user: { id: 'u-42', email: 'ada@example.com', username: 'ada', first_name: 'Ada', last_name: "O'Hara <admin>" },
  body_text: '{"title": "Hello & welcome", "tags": ["a", "b"], "count": 2}',
  body_raw: null,
  response: {
    status_code: 200,
    headers: { 'content-type': 'application/json', 'x-request-id': 'r-1' },
    body: '{"items": [{"sys": {"id": "1", "contentType": {"sys": {"id": "article"}}}, "fields": {"title": "Intro <b>", "slug": "intro"}}, {"sys": {"id": "2", "contentType": {"sys": {"id": "author"}}}, "fields": {"name": "Ada"}}, {"sys": {"id": "3", "contentType": {"sys": {"id": "article"}}}, "fields": {"title": "Second", "slug": "second"}}], "total": 3}',
  },
  steps: {
    auth: { status_code: 200, headers: { 'content-type': 'application/json' }, body: '{"access_token": "tok-123", "token_type": "Bearer", "expires_in": 3600}' },
    'fetch-user': { status_code: 200, headers: {}, body: '{"id": 7, "name": "Ada", "roles": ["admin", "dev"]}' },
  },
  request: { body_text: '{"query": "laptops & tablets"}', headers: { 'content-type': 'application/json' }, query_parameters: { q: 'a b', limit: '25' } },
  rows: [{ id: 1, name: 'Ada & Co', note: '<b>bold</b>' }, { id: 2, name: "O'Neil", note: null }],
};
const SECRETS = { service_api_key: 'sk-abc123', oauth_client_id: 'client-1', oauth_client_secret: 's3cr3t/+=', signing_key: 'hmac-key', api_user: 'svc', api_password: 'p@ss:word' };
const VARIABLES = { instance_url: 'https://acme.my.salesforce.com', region: 'eu' };

function recipe(name: string, template: string, extra: Partial<Case> = {}): Case {
  return { name: `recipe: ${name}`, template, context: CONTEXT, secrets: SECRETS, variables: VARIABLES, ...extra };
}

export const REFERENCE_RECIPES: readonly Case[] = [
  recipe('template-variables: user fields', '{{ user.email }}|{{ user.first_name }}|{{ user.id }}|{{ user.last_name }}|{{ user.username }}'),
  recipe('template-variables: tenant_id and body_text', '{{ tenant_id }} {{ body_text }}'),
  recipe('template-variables: body_raw renders as None when absent', '{{ body_raw }}'),
  recipe('template-variables: response variables', '{{ response.body }}|{{ response.status_code }}|{{ response.headers }}'),
  recipe('template-variables: from_json of body_text', '{{ body_text | from_json }}'),
  recipe('template-variables: json_encode', '{{ body_text | from_json | json_encode }}'),
  recipe('template-variables: tojson', '{{ body_text | from_json | tojson }}'),
  recipe('template-variables: base64_encode and base64_decode', '{{ user.email | base64_encode }} {{ "YWRhQGV4YW1wbGUuY29t" | base64_decode }}'),
  recipe('template-variables: get_secret', "{{ get_secret('service_api_key') }}"),
  recipe('template-variables: jwt_encode with headers', "{{ jwt_encode({'sub': user.id, 'iat': now()}, get_secret('signing_key'), 'HS256', {'kid': 'k1'}) }}"),
  recipe('composite-connectors: bearer token from the auth step', "Bearer {{ steps.auth.body | from_json | attr('access_token') }}"),
  recipe('composite-connector-reference: bracket notation for hyphenated steps', "{{ steps['fetch-user'].body | from_json | attr('name') }} {{ steps['fetch-user'].status_code }}"),
  recipe('composite-connector-reference: request data', "{{ request.body_text | from_json | attr('query') }}|{{ request.query_parameters.q }}|{{ request.headers['content-type'] }}"),
  recipe('configuration: templated path', 'https://api.example.com/users/{{ user.id }}/profile'),
  recipe('headers-and-query-parameters: identity value', '{{ user.email }}'),
  recipe('payload-template: request body from context', '{\n  "tenant_id": "{{ tenant_id }}",\n  "user_email": "{{ user.email }}",\n  "original_payload": {{ body_text }}\n}'),
  recipe('payload-template: guard an absent body with default', "{{ body_raw | default('') }}|{{ missing_body | default('') }}"),
  recipe('payload-template: reshape the incoming JSON', '{% set p = body_text | from_json %}{"title": {{ p.title | tojson }}, "tag_count": {{ p.tags | length }}, "user": {{ user.id | tojson }}}'),
  recipe('response-transformation: status and header driven output', "{% if response.status_code == 200 %}{{ response.headers['x-request-id'] }}{% else %}error{% endif %}"),
  recipe('response-transformation: Contentful-style namespace and selectattr', `{%- set data = response.body | from_json -%}
{%- set ns = namespace(articles=[]) -%}
{%- for item in data['items'] | selectattr('sys.contentType.sys.id', 'equalto', 'article') -%}
  {%- set ns.articles = ns.articles + [{'id': item.sys.id, 'title': item.fields.title, 'slug': item.fields.slug}] -%}
{%- endfor -%}
{{ {'articles': ns.articles, 'count': ns.articles | length} | tojson }}`),
  recipe('response-transformation: rows as JSON with json_encode', '{{ rows | json_encode }}'),
  recipe('response-transformation: printed from_json is Python notation', '{{ response.body | from_json }}'),
  recipe('authentication: api key from a secret', "{{ get_secret('service_api_key') }}"),
  recipe('authentication: oauth client credentials values', "{{ get_secret('oauth_client_id') }}:{{ get_secret('oauth_client_secret') }}"),
  recipe('authentication: basic credentials with base64_encode', "Basic {{ (get_secret('api_user') ~ ':' ~ get_secret('api_password')) | base64_encode }}"),
  recipe('authentication: jwt claims with now(300)', '{"iat": {{ now() }}, "exp": {{ now(300) }}, "sub": "{{ user.email }}"}'),
  recipe('url rules: whole origin from a variable', "{{ get_variable('instance_url') }}/services/data"),
  recipe('url rules: host label with default(…, true)', "https://{{ get_variable('region') | default('us', true) }}.api.example.com"),
  recipe('url rules: default(…, true) when the variable is missing', "https://{{ get_variable('tenant_region') | default('us', true) }}.api.example.com"),
  recipe('url rules: missing variable keeps its text', "https://api.example.com/{{ get_variable('tenant_region') }}"),
  recipe('secrets: missing secret keeps its text', "Bearer {{ get_secret('not_configured') }}"),
];
