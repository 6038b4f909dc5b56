// The template benchmark's ten templates and their data, shared by the Conduit side
// (../templates.ts) and the nunjucks side (./nunjucks-worker.ts).

export interface BenchTemplate {
  readonly name: string;
  readonly source: string;
}

// Shaped like the demo registry's connectors (registry/*.yaml): URLs and header values with a
// variable, secret or path parameter, request bodies and response transformations that build a
// dict and print it with tojson, a loop, a conditional body and a query string.
export const TEMPLATES: readonly BenchTemplate[] = [
  {
    name: 'url with host and path params',
    source: "https://{{ get_variable('api_host') }}/v1/orders/{{ pathParams.order_id }}/items/{{ pathParams.item_id }}",
  },
  {
    name: 'url from a step header',
    source: "https://{{ get_variable('api_host') }}/v1/accounts/{{ steps['fetch-user'].headers['x-account-id'] }}/preferences",
  },
  { name: 'header: api key secret', source: "{{ get_secret('api_key') }}" },
  { name: 'header: bearer from step', source: 'Bearer {{ (steps.auth.body | from_json).access_token }}' },
  {
    name: 'request body: ticket',
    source:
      "{%- set ticket = body_text | from_json -%}\n{{ {\n  'subject': ticket.subject,\n  'description': ticket.description | default(''),\n  'reporter': {'id': user.id, 'email': user.email},\n  'tenant': tenant_id\n} | tojson }}",
  },
  {
    name: 'response body: weather',
    source:
      "{%- set weather = response.body | from_json -%}\n{{ {'city': weather.city, 'temperature': weather.temp_c, 'summary': weather.summary | default('')} | tojson }}",
  },
  {
    name: 'request body with loop',
    source:
      '{"items": [{% for item in items %}{"sku": {{ item.sku | tojson }}, "qty": {{ item.qty }}, "price": {{ item.price }}}{% if not loop.last %}, {% endif %}{% endfor %}], "count": {{ items | length }}}',
  },
  {
    name: 'conditional body',
    source:
      '{% if user.email %}{"contact": {{ user.email | lower | tojson }}{% elif user.username %}{"contact": {{ user.username | tojson }}{% else %}{"contact": null{% endif %}, "priority": {% if items | length > 3 %}"high"{% else %}"normal"{% endif %}, "region": {{ region | default("eu") | upper | tojson }}}',
  },
  {
    name: 'query string builder',
    source: '{% for key, value in params | dictsort %}{{ key }}={{ value | urlencode }}{% if not loop.last %}&{% endif %}{% endfor %}',
  },
  {
    name: 'text with filters',
    source: 'Dear {{ user.first_name | capitalize }}, you have {{ items | length }} items ({{ items | join(", ", "sku") }}) worth {{ items | sum("price") }} in total.',
  },
];

/** The templates whose bodies are built with from_json/tojson/json_encode (issue 13's JSON-heavy check). */
export const JSON_HEAVY: ReadonlySet<string> = new Set(['header: bearer from step', 'request body: ticket', 'response body: weather']);

export const CONTEXT_JSON = `{
  "pathParams": {"order_id": "ord-1001", "item_id": "42"},
  "tenant_id": "acme-eu",
  "region": "eu-west",
  "body_text": "{\\"subject\\": \\"Printer on fire\\", \\"description\\": \\"Third floor, near the kitchen\\"}",
  "steps": {
    "auth": {"status_code": 200, "headers": {}, "body": "{\\"access_token\\": \\"tok-123456\\", \\"expires_in\\": 3600}"},
    "fetch-user": {"status_code": 200, "headers": {"x-account-id": "acct-77"}, "body": "{}"}
  },
  "user": {"id": "u1", "email": "Ada@Example.com", "username": "ada", "first_name": "ada", "last_name": "Lovelace"},
  "items": [
    {"sku": "A-1", "qty": 2, "price": 9.5}, {"sku": "B-2", "qty": 1, "price": 120.25},
    {"sku": "C-3", "qty": 5, "price": 3.75}, {"sku": "D-4", "qty": 1, "price": 48.5}
  ],
  "response": {"status_code": 200, "headers": {}, "body": "{\\"city\\": \\"Warsaw\\", \\"temp_c\\": 21.5, \\"summary\\": \\"Sunny\\", \\"wind_kph\\": 12}"},
  "params": {"q": "red shoes", "page": "2", "sort": "price desc", "lang": "de"}
}`;

export const SECRETS: Readonly<Record<string, string>> = { api_key: 'sk-live-123' };
export const VARIABLES: Readonly<Record<string, string>> = { api_host: 'api.example.com' };
