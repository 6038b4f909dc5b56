// The nunjucks side of the template benchmark, in a worker thread: its own V8 isolate.
//
// Why not in the benchmark's own thread: nunjucks' SafeString is built with
// `Object.create(String.prototype, …)`, which turns String.prototype into a dictionary-mode
// object for the whole isolate, and from then on every `str.charCodeAt()`, `str.slice()`, …
// in that isolate is a generic lookup that V8 no longer inlines. Conduit's runtime never loads
// nunjucks, so measuring it next to nunjucks measured that side effect (2-3× on string-heavy
// templates such as from_json), not Conduit. Here each engine runs in an isolate of its own,
// as each would in production; the templates, data and precompilation are unchanged.
//
// Protocol: the parent posts { index, ms } and gets back { opsPerSecond } for template `index`
// rendered for about `ms` milliseconds (ms 0: warm-up renders only, answered with 0).
import nunjucks from 'nunjucks';
import { parentPort } from 'node:worker_threads';
import { CONTEXT_JSON, SECRETS, TEMPLATES, VARIABLES } from './cases.js';
import { opsPerSecond, WARMUP_RENDERS } from './render-rate.js';

export interface NunjucksRequest {
  readonly index: number;
  readonly ms: number;
}

export interface NunjucksAnswer {
  readonly opsPerSecond: number;
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

const templates = nunjucksTemplates();
const plain = JSON.parse(CONTEXT_JSON) as Record<string, unknown>;

parentPort!.on('message', ({ index, ms }: NunjucksRequest) => {
  const tmpl = templates[index]!;
  const render = (): string => tmpl.render(plain);
  if (ms === 0) {
    for (let w = 0; w < WARMUP_RENDERS; w++) render();
    parentPort!.postMessage({ opsPerSecond: 0 } satisfies NunjucksAnswer);
    return;
  }
  parentPort!.postMessage({ opsPerSecond: opsPerSecond(render, ms) } satisfies NunjucksAnswer);
});
