// Hand-written compiled connectors for runtime tests: the objects generated modules export
// (runtime/connector.ts), with templates written as small TS functions over the template inputs.
import type {
  CompiledAuth,
  CompiledConnector,
  CompiledKeyValue,
  CompiledRegistry,
  CompiledStep,
  CompiledTemplate,
  CompiledUrl,
  HttpMethod,
  TemplateValue,
} from '../../../runtime/connector.js';
import { str } from '../../../runtime/template/python-repr.js';
import type { TemplateEnv, TemplateVars } from '../../../runtime/template/types.js';

/** A compiled template: `source` is what debug output shows when it reads a secret. */
export function tpl(source: string, render: (vars: TemplateVars, env: TemplateEnv) => string, usesSecret = false): CompiledTemplate {
  return { source, render, usesSecret };
}

/** Walks dicts (Maps) of template inputs: at(vars, 'steps', 'auth', 'body'). Undefined when a key is missing. */
export function at(value: unknown, ...path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!(current instanceof Map)) return undefined;
    current = current.get(key);
  }
  return current;
}

/** Text of a template input the way a test template would render it (None → 'None'). */
export function text(value: unknown): string {
  // Printed as a compiled template prints it (None, b'...', True), so hand-written renders match.
  return value === undefined ? '' : str(value);
}


export function header(key: string, value: TemplateValue, overridable = false): CompiledKeyValue {
  return { key, matchKey: key.toLowerCase(), value, overridable };
}

export function query(key: string, value: TemplateValue, overridable = false): CompiledKeyValue {
  return { key, matchKey: key, value, overridable };
}

export interface StepSpec {
  readonly name: string;
  readonly method?: HttpMethod;
  /** A literal URL, or a template. */
  readonly url: string | CompiledTemplate;
  readonly headers?: readonly CompiledKeyValue[];
  readonly query?: readonly CompiledKeyValue[];
  readonly auth?: CompiledAuth;
  readonly requestBody?: TemplateValue;
  readonly responseBody?: TemplateValue | null;
  readonly responseContentType?: string | null;
}

function urlOf(url: string | CompiledTemplate): CompiledUrl {
  if (typeof url === 'string') return { kind: 'static', href: url, origin: new URL(url).origin };
  return { kind: 'template', template: url, origin: null };
}

function stepOf(spec: StepSpec, index: number): CompiledStep {
  const method = spec.method ?? 'GET';
  return {
    name: spec.name,
    index,
    method,
    url: urlOf(spec.url),
    headers: spec.headers ?? [],
    queryParameters: spec.query ?? [],
    authentication: spec.auth ?? { type: 'none' },
    requestBody: spec.requestBody ?? '',
    responseBody: spec.responseBody ?? null,
    responseContentType: spec.responseContentType ?? null,
    cacheable: method === 'GET' || method === 'HEAD',
  };
}

export function composite(spec: { readonly permalink: string; readonly id?: number; readonly steps: readonly StepSpec[]; readonly readsRequestBody?: boolean }): CompiledConnector {
  return {
    kind: 'composite',
    name: spec.permalink,
    permalink: spec.permalink,
    id: spec.id ?? null,
    method: 'POST',
    steps: spec.steps.map(stepOf),
    pathParams: [],
    readsRequestBody: spec.readsRequestBody ?? true,
  };
}

export function regular(
  spec: Omit<StepSpec, 'name'> & {
    readonly permalink: string;
    readonly id?: number;
    readonly pathParams?: readonly string[];
    readonly readsRequestBody?: boolean;
    /** A header/query template reads user.*: anonymous callers get 401 USER_REQUIRED. */
    readonly requiresUser?: boolean;
  },
): CompiledConnector {
  const step = stepOf({ ...spec, name: spec.permalink }, 0);
  return {
    kind: 'regular',
    name: spec.permalink,
    permalink: spec.permalink,
    id: spec.id ?? null,
    method: step.method,
    steps: [step],
    pathParams: spec.pathParams ?? [],
    readsRequestBody: spec.readsRequestBody ?? true,
    requiresUser: spec.requiresUser ?? false,
  };
}

export function registryOf(...connectors: readonly CompiledConnector[]): CompiledRegistry {
  return { connectors: [...connectors].sort((a, b) => (a.permalink < b.permalink ? -1 : 1)), secretNames: [] };
}
