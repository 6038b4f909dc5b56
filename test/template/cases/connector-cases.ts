// Realistic connector templates: JSON request bodies, URL building, header values, response
// transformations over from_json, secrets, variables, now() and jwt_encode().
import { c } from './case-builder.js';

/** A composite connector's context: steps, request, user, tenant (JSON text: floats stay floats). */
const CONNECTOR_CONTEXT = `{
  "tenant_id": "acme-eu",
  "user": {"id": "u-42", "email": "ada@example.com", "username": "ada", "first_name": "Ada", "last_name": "Lovelace", "profile_fields": {"7": "Gold", "12": 3}},
  "request": {
    "body_text": "{\\"query\\": \\"laptops & tablets\\", \\"page\\": 2, \\"filters\\": {\\"price_max\\": 999.0, \\"brands\\": [\\"Acme\\", \\"Zeta\\"]}, \\"debug\\": null}",
    "body_raw": "{\\"query\\": \\"laptops & tablets\\"}",
    "headers": {"content-type": "application/json"},
    "query_parameters": {"lang": "de", "limit": "25", "q": "a b"}
  },
  "steps": {
    "auth": {"status_code": 200, "headers": {"content-type": "application/json"}, "body": "{\\"access_token\\": \\"tok-123\\", \\"token_type\\": \\"Bearer\\", \\"expires_in\\": 3600}"},
    "fetch-user": {"status_code": 200, "headers": {}, "body": "{\\"id\\": 9007199254740993, \\"name\\": \\"Ada\\", \\"score\\": 97.50, \\"roles\\": [\\"admin\\", \\"dev\\"], \\"meta\\": {\\"2\\": \\"b\\", \\"1\\": \\"a\\"}}"},
    "search": {"status_code": 200, "headers": {"x-total": "3"}, "body": "{\\"results\\": [{\\"id\\": 1, \\"title\\": \\"Laptop \\\\\\"Pro\\\\\\"\\", \\"price\\": 1299.99, \\"tags\\": [\\"new\\"]}, {\\"id\\": 2, \\"title\\": \\"Tablet\\", \\"price\\": 499.0, \\"tags\\": []}, {\\"id\\": 3, \\"title\\": \\"Phone ünïcode\\", \\"price\\": 0.1, \\"tags\\": [\\"sale\\", \\"new\\"]}], \\"next\\": null}"},
    "empty": {"status_code": 204, "headers": {}, "body": ""},
    "binary": {"status_code": 200, "headers": {}, "body": null}
  },
  "response": {"status_code": 200, "headers": {"content-type": "application/json"}, "body": "{\\"data\\": {\\"items\\": [{\\"sku\\": \\"A-1\\", \\"qty\\": 2, \\"unit\\": 9.95}, {\\"sku\\": \\"B-2\\", \\"qty\\": 1, \\"unit\\": 100}], \\"currency\\": \\"EUR\\"}, \\"errors\\": []}"},
  "pathParams": {"user_id": "42", "slug": "a-b"},
  "body_text": "plain body é",
  "body_raw": null
}`;

const SECRETS = { api_key: 'sk-live-123', client_secret: 's3cr3t/+=', signing_key: 'hmac-key' };
const VARIABLES = { base_host: 'api.example.com', region: 'eu-west-1' };

function k(name: string, template: string): ReturnType<typeof c> {
  return c(name, template, CONNECTOR_CONTEXT, { secrets: SECRETS, variables: VARIABLES });
}

export const CONNECTOR_CASES = [
  k('json body with tojson values', '{"email": {{ user.email|tojson }}, "tenant": {{ tenant_id|tojson }}, "page": {{ (request.body_text|from_json).page }}}'),
  k('json body forwarding caller payload', '{% set p = request.body_text|from_json %}{"q": {{ p.query|tojson }}, "filters": {{ p.filters|tojson }}, "debug": {{ p.debug|tojson }}}'),
  k('json body with json_encode', '{% set p = request.body_text|from_json %}{{ {"search": p.query, "max": p.filters.price_max, "brands": p.filters.brands, "user": user.id}|json_encode }}'),
  k('json body built with loop', '{"ids": [{% for r in (steps.search.body|from_json).results %}{{ r.id }}{% if not loop.last %}, {% endif %}{% endfor %}]}'),
  k('json body with conditional fields', '{% set p = request.body_text|from_json %}{\n  "query": {{ p.query|tojson }}{% if p.page > 1 %},\n  "offset": {{ (p.page - 1) * 25 }}{% endif %}{% if p.debug is not none %},\n  "debug": true{% endif %}\n}\n'),
  k('url with path params and query', 'https://{{ get_variable("base_host") }}/v1/users/{{ pathParams.user_id }}/items?lang={{ request.query_parameters.lang }}&limit={{ request.query_parameters.limit|int }}'),
  k('url with urlencoded query', 'https://api.example.com/search?{{ {"q": request.query_parameters.q, "tenant": tenant_id}|urlencode }}'),
  k('url with urlencode of value', 'https://api.example.com/find?q={{ request.query_parameters.q|urlencode }}&email={{ user.email|urlencode }}'),
  k('url with bracketed step name', 'https://api.example.com/users/{{ (steps["fetch-user"].body|from_json).id }}'),
  k('bearer header from step', 'Bearer {{ (steps.auth.body|from_json).access_token }}'),
  k('bearer header with attr', "{{ (steps.auth.body|from_json)|attr('token_type') }} {{ steps.auth.body|from_json|attr('access_token') }}"),
  k('api key header from secret', '{{ get_secret("api_key") }}'),
  k('missing secret keeps expression', 'Key {{ get_secret("nope") }}'),
  k('basic auth header', 'Basic {{ ("client:" ~ get_secret("client_secret"))|base64_encode }}'),
  k('variable and default', '{{ get_variable("region") }} [{{ get_variable("missing_var") }}] {{ get_variable("missing_var")|default("us") }}'),
  k('user profile fields as dict', '{{ user.profile_fields["7"] }} {{ user.profile_fields["12"] + 1 }}'),
  k('response transformation to new json', '{% set r = response.body|from_json %}{"total": {{ r.data["items"]|sum(attribute="qty") }}, "skus": {{ r.data["items"]|map(attribute="sku")|list|tojson }}, "currency": "{{ r.data.currency }}"}'),
  k('response items method gotcha', '{% set r = response.body|from_json %}{{ r.data.items is defined }} {{ r.data["items"]|length }}'),
  k('response line totals with floats', '{% set r = response.body|from_json %}{% for it in r.data["items"] %}{{ it.sku }}: {{ it.qty * it.unit }}\n{% endfor %}'),
  k('response status and headers', '{{ response.status_code }} {{ response.headers["content-type"] }} {{ response.status_code in [200, 201] }}'),
  k('step big id stays exact', '{% set u = steps["fetch-user"].body|from_json %}{{ u.id }} {{ u.id + 1 }} {{ u.score }} {{ u.meta }} {{ u|tojson }}'),
  k('search results table', '{% set res = (steps.search.body|from_json).results %}{% for r in res|sort(attribute="price") %}{{ "%-14s %8.2f %s"|format(r.title, r.price, r.tags|join("/") or "-") }}\n{% endfor %}'),
  k('search results filtering', '{% set res = (steps.search.body|from_json).results %}{{ res|selectattr("price", "lt", 1000)|map(attribute="title")|join(", ") }} | {{ res|selectattr("tags")|list|length }}'),
  k('empty and binary bodies', '[{{ steps.empty.body }}] {{ steps.binary.body is none }} {{ steps.empty.status_code }}'),
  k('json string escaping of title', '{% set res = (steps.search.body|from_json).results %}{"title": {{ res[0].title|tojson }}, "raw": "{{ res[2].title }}"}'),
  k('header values with whitespace control', '{%- if user.email -%}\n  {{ user.email|lower }}\n{%- else -%}\n  anonymous\n{%- endif -%}'),
  k('now is integer unix seconds', '{{ now() }}|{{ now(300) }}|{{ now(-60) }}|{{ now(offset=5) }}|{{ now() + 3600 }}|{{ now() is integer }}'),
  k('now has no datetime attributes', '{{ now().year }}|{{ now().timestamp() }}'),
  k('now in json body', '{"iat": {{ now() }}, "exp": {{ now(300) }}, "nbf": {{ now() - 30 }}}'),
  k('jwt_encode hs256', '{{ jwt_encode({"sub": user.id, "tenant": tenant_id, "iat": now(), "exp": now(3600)}, get_secret("signing_key"), "HS256") }}'),
  k('jwt_encode with headers', '{{ jwt_encode({"a": [1, 2, "x"], "b": none}, "k", "HS512", headers={"kid": "key-1"}) }}'),
  k('jwt_encode non-dict payload fails', '{{ jwt_encode(["x"], "k", "HS256") }}'),
  k('request headers', '{{ request.headers["content-type"] }} {{ request.headers.get("x-missing", "none") }}'),
  k('body_text regular connector', '{{ body_text|upper }} {{ body_raw is none }}'),
  k('query parameters loop', '{% for key, value in request.query_parameters|dictsort %}{{ key }}={{ value|urlencode }}{% if not loop.last %}&{% endif %}{% endfor %}'),
  k('nested from_json roundtrip', '{{ (request.body_text|from_json)|tojson|from_json == request.body_text|from_json }}'),
  k('graphql style body', '{"query": "query($id: ID!) { user(id: $id) { name } }", "variables": {"id": {{ pathParams.user_id|tojson }}}}'),
  k('form body', 'grant_type=client_credentials&client_id={{ user.username|urlencode }}&client_secret={{ get_secret("client_secret")|urlencode }}&scope={{ "read write"|urlencode }}'),
  k('xml body', '<user id="{{ user.id|e }}"><name>{{ user.first_name|e }} {{ user.last_name|e }}</name></user>'),
  k('csv style output', '{% for r in (steps.search.body|from_json).results %}{{ [r.id, r.title, r.price]|join(";") }}\n{% endfor %}'),
  k('tenant based host', 'https://{{ tenant_id|replace("-", ".") }}.api.example.com/v2'),
  k('pagination math', '{% set p = request.body_text|from_json %}{{ (p.page - 1) * (request.query_parameters.limit|int) }} {{ (103 / 25)|round(0, "ceil")|int }} {{ 103 // 25 + (1 if 103 % 25 else 0) }}'),
  k('dates from strings', '{{ "2024-05-01T10:00:00Z"[:10] }} {{ "2024-05-01".split("-")|map("int")|list }}'),
  k('missing step attribute fails', '{{ steps.nope.body|from_json }}'),
  k('attribute of missing key fails on second level', '{{ (steps.auth.body|from_json).missing.deeper }}'),
];
