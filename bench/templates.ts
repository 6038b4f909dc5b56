// Render throughput of Conduit-compiled templates vs nunjucks' precompiled templates for the same
// ten realistic connector templates, in one run, printed as ratios. Conduit runs in both
// autoescape modes (on, as a registry file renders unless it says `autoescape: false`, and off),
// alternating with nunjucks round by round, so the three figures of a template share the
// machine's conditions. Both sides compile once up front; the loop measures rendering only, each
// with its own native context (template values for Conduit, plain objects for nunjucks).
//
// Checks (issue 13): median template ≥ 6× nunjucks with autoescaping on; the JSON-heavy templates
// (bodies built with from_json/tojson) each ≥ 2×; autoescaping on costs ≤ 10% more time per
// render than off on the median template.
//
//   npx tsx bench/templates.ts [--ms 1000]   (milliseconds per template and engine)
import nunjucks from 'nunjucks';
import { compileTemplate } from '../compiler/template/compile-template.js';
import { parseTemplate } from '../compiler/template/parse.js';
import { rt } from '../runtime/template/helpers.js';
import type { TemplateEnv, TemplateFunction } from '../runtime/template/types.js';
import { parseJsonValue } from '../runtime/template/values.js';
import { printResult } from './result-line.js';

interface BenchTemplate {
  readonly name: string;
  readonly source: string;
}

// Shaped like the demo registry's connectors (registry/*.yaml): URLs and header values with a
// variable, secret or path parameter, request bodies and response transformations that build a
// dict and print it with tojson, a loop, a conditional body and a query string.
const TEMPLATES: readonly BenchTemplate[] = [
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
const JSON_HEAVY: ReadonlySet<string> = new Set(['header: bearer from step', 'request body: ticket', 'response body: weather']);

const CONTEXT_JSON = `{
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

const SECRETS: Readonly<Record<string, string>> = { api_key: 'sk-live-123' };
const VARIABLES: Readonly<Record<string, string>> = { api_host: 'api.example.com' };

function compileConduit(source: string, autoescape: boolean): TemplateFunction {
  const parsed = parseTemplate(source);
  if (!parsed.ok) throw new Error(`${source}: ${parsed.error.message}`);
  const { code } = compileTemplate(parsed.ast, { source, autoescape });
  return new Function('rt', `return ${code}`)(rt) as TemplateFunction;
}

/** nunjucks with the filters Conduit adds (nunjucks lacks them), templates precompiled to JS. */
function nunjucksTemplates(): nunjucks.Template[] {
  const compiled: Record<string, unknown> = {};
  const env = new nunjucks.Environment([], { autoescape: false });
  for (const t of TEMPLATES) {
    // The typings declare one template; precompileString passes the list of one.
    const wrapper = (templates: unknown): string => (templates as { template: string }[])[0]!.template;
    const body = nunjucks.precompileString(t.source, { name: t.name, env, wrapper });
    compiled[t.name] = new Function(body)();
  }
  const loaded = new nunjucks.Environment(new nunjucks.PrecompiledLoader(compiled as never), { autoescape: false });
  loaded.addFilter('from_json', (s: string) => JSON.parse(s) as unknown);
  loaded.addFilter('tojson', (v: unknown) => JSON.stringify(v));
  loaded.addGlobal('get_secret', (name: string) => SECRETS[name]);
  loaded.addGlobal('get_variable', (name: string) => VARIABLES[name]);
  return TEMPLATES.map((t) => loaded.getTemplate(t.name, true));
}

/** Renders per second over about `ms` milliseconds. */
function opsPerSecond(render: () => string, ms: number): number {
  let iterations = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(ms * 1_000_000));
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 500; i++) sink += render().length;
    iterations += 500;
    elapsed = process.hrtime.bigint() - start;
  }
  if (sink === 0) throw new Error('renders produced nothing');
  return (iterations * 1e9) / Number(elapsed);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const MEDIAN_TARGET = 6;
const JSON_HEAVY_TARGET = 2;
/** Most extra time per render autoescaping may cost, in percent. */
const AUTOESCAPE_COST_TARGET = 10;

interface Row {
  readonly name: string;
  readonly nunjucks: number;
  readonly on: number;
  readonly off: number;
  /** Conduit (autoescape on) / nunjucks. */
  readonly ratioOn: number;
  readonly ratioOff: number;
  /** Extra time per render with autoescaping on, in percent of the time with it off. */
  readonly autoescapeCost: number;
}

function measure(ms: number): Row[] {
  const vars = parseJsonValue(CONTEXT_JSON) as Map<string, unknown>;
  const env: TemplateEnv = { getSecret: (n) => SECRETS[n], getVariable: (n) => VARIABLES[n], now: () => new Date(0) };
  const plain = JSON.parse(CONTEXT_JSON) as Record<string, unknown>;
  const conduitOn = TEMPLATES.map((t) => compileConduit(t.source, true));
  const conduitOff = TEMPLATES.map((t) => compileConduit(t.source, false));
  const nunjucksCompiled = nunjucksTemplates();

  // Rounds alternate between the engines and each keeps its best round, so a burst of load on
  // a shared machine does not decide a ratio.
  const rounds = 5;
  return TEMPLATES.map((t, i) => {
    const fnOn = conduitOn[i]!;
    const fnOff = conduitOff[i]!;
    const tmpl = nunjucksCompiled[i]!;
    const renderOn = (): string => fnOn(vars, env);
    const renderOff = (): string => fnOff(vars, env);
    const renderNunjucks = (): string => tmpl.render(plain);
    for (let w = 0; w < 3000; w++) {
      renderOn();
      renderOff();
      renderNunjucks();
    }
    let on = 0;
    let off = 0;
    let n = 0;
    const slice = ms / rounds;
    for (let r = 0; r < rounds; r++) {
      // Which Conduit mode goes first alternates too: neither always runs right after nunjucks.
      if (r % 2 === 0) {
        on = Math.max(on, opsPerSecond(renderOn, slice));
        off = Math.max(off, opsPerSecond(renderOff, slice));
      } else {
        off = Math.max(off, opsPerSecond(renderOff, slice));
        on = Math.max(on, opsPerSecond(renderOn, slice));
      }
      n = Math.max(n, opsPerSecond(renderNunjucks, slice));
    }
    return { name: t.name, nunjucks: n, on, off, ratioOn: on / n, ratioOff: off / n, autoescapeCost: (off / on - 1) * 100 };
  });
}

function main(): void {
  const msArg = process.argv.indexOf('--ms');
  const ms = msArg >= 0 ? Number(process.argv[msArg + 1]) : 1000;
  const rows = measure(ms);
  const ops = (x: number): string => Math.round(x).toLocaleString('en').padStart(12);
  const nameWidth = Math.max(...rows.map((r) => r.name.length));
  const header = ['nunjucks ops/s', 'on ops/s', 'ratio', 'off ops/s', 'ratio', 'escaping'];
  process.stdout.write(`${'template'.padEnd(nameWidth)}  ${header.map((h, i) => (i === 2 || i === 4 ? h.padStart(6) : h.padStart(14))).join('  ')}\n`);
  for (const r of rows) {
    const cost = `${r.autoescapeCost >= 0 ? '+' : ''}${r.autoescapeCost.toFixed(0)}%`;
    const cells = [ops(r.nunjucks), ops(r.on), `${r.ratioOn.toFixed(1)}×`, ops(r.off), `${r.ratioOff.toFixed(1)}×`, cost];
    process.stdout.write(`${r.name.padEnd(nameWidth)}  ${cells.map((c, i) => (i === 2 || i === 4 ? c.padStart(6) : c.padStart(14))).join('  ')}\n`);
  }
  const medianOn = median(rows.map((r) => r.ratioOn));
  const medianOff = median(rows.map((r) => r.ratioOff));
  const jsonHeavy = rows.filter((r) => JSON_HEAVY.has(r.name));
  const jsonMin = Math.min(...jsonHeavy.map((r) => r.ratioOn));
  const cost = median(rows.map((r) => r.autoescapeCost));
  const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');
  process.stdout.write(
    [
      '',
      `median ratio, autoescape on:  ${medianOn.toFixed(1)}× (target ≥ ${MEDIAN_TARGET}×) ${verdict(medianOn >= MEDIAN_TARGET)}`,
      `median ratio, autoescape off: ${medianOff.toFixed(1)}×`,
      `JSON-heavy templates (${jsonHeavy.map((r) => r.name).join(', ')}), lowest ratio with autoescape on: ${jsonMin.toFixed(1)}× (target ≥ ${JSON_HEAVY_TARGET}×) ${verdict(jsonMin >= JSON_HEAVY_TARGET)}`,
      `autoescaping on vs off, extra time per render on the median template: ${cost.toFixed(1)}% (target ≤ ${AUTOESCAPE_COST_TARGET}%) ${verdict(cost <= AUTOESCAPE_COST_TARGET)}`,
      '',
    ].join('\n'),
  );
  printResult({
    bench: 'templates',
    checks: [
      { name: 'render speed vs nunjucks, median template (autoescape on)', value: medianOn, unit: '×', target: `>= ${MEDIAN_TARGET}×`, met: medianOn >= MEDIAN_TARGET },
      { name: 'render speed vs nunjucks, slowest JSON-heavy template', value: jsonMin, unit: '×', target: `>= ${JSON_HEAVY_TARGET}×`, met: jsonMin >= JSON_HEAVY_TARGET },
      { name: 'autoescape on vs off, median template', value: cost, unit: '%', target: `<= ${AUTOESCAPE_COST_TARGET}%`, met: cost <= AUTOESCAPE_COST_TARGET },
    ],
    figures: {
      msPerTemplate: ms,
      medianRatioAutoescapeOff: medianOff,
      templates: rows.map((r) => ({
        name: r.name,
        nunjucksOpsPerS: r.nunjucks,
        conduitOpsPerS: r.on,
        ratio: r.ratioOn,
        conduitAutoescapeOffOpsPerS: r.off,
        ratioAutoescapeOff: r.ratioOff,
        autoescapeCostPercent: r.autoescapeCost,
      })),
    },
  });
}

main();
