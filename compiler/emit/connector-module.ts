// Writes the module of one connector: a single exported `connector` object that follows
// runtime/connector.ts. Everything static is decided here so the runtime only renders and sends.
import type { CodeBlockWriter } from 'ts-morph';
import type { AuthIR, ConnectorIR, JsonIR, KeyValueIR, StepIR, TemplateIR } from '../ir.js';
import { stringLiteral } from './code-literal.js';
import { constantOf, writeTemplateValue, type TemplateWriteStats } from './template-value.js';

type Entry = readonly [name: string, write: (w: CodeBlockWriter) => void];

function writeObject(w: CodeBlockWriter, entries: readonly Entry[]): void {
  w.write('{').newLine();
  w.indent(() => {
    for (const [name, write] of entries) {
      w.write(`${name}: `);
      write(w);
      w.write(',').newLine();
    }
  });
  w.write('}');
}

function writeArray<T>(w: CodeBlockWriter, items: readonly T[], writeItem: (w: CodeBlockWriter, item: T) => void): void {
  if (items.length === 0) {
    w.write('[]');
    return;
  }
  w.write('[').newLine();
  w.indent(() => {
    for (const item of items) {
      writeItem(w, item);
      w.write(',').newLine();
    }
  });
  w.write(']');
}

const literal =
  (text: string) =>
  (w: CodeBlockWriter): void => {
    w.write(text);
  };

const str = (value: string) => literal(stringLiteral(value));

export function writeConnector(w: CodeBlockWriter, connector: ConnectorIR, stats: TemplateWriteStats): void {
  const templates = connector.steps.flatMap(templatesOfStep);
  const pathParams = [...new Set(templates.flatMap((t) => t.pathParams))].sort();
  const tv = (t: TemplateIR) => (wr: CodeBlockWriter) => writeTemplateValue(wr, t, stats);
  const tvOrNull = (t: TemplateIR | null) => (t === null ? literal('null') : tv(t));

  const writeKeyValue = (isHeader: boolean) => (wr: CodeBlockWriter, kv: KeyValueIR) =>
    writeObject(wr, [
      ['key', str(kv.key)],
      ['matchKey', str(isHeader ? kv.key.toLowerCase() : kv.key)],
      ['overridable', literal(String(kv.overridable))],
      ['value', tv(kv.value)],
    ]);

  const writeJson = (wr: CodeBlockWriter, json: JsonIR): void => {
    switch (json.kind) {
      case 'template':
        return writeObject(wr, [['kind', str('template')], ['value', tv(json.value)]]);
      case 'literal':
        return writeObject(wr, [['kind', str('literal')], ['value', literal(JSON.stringify(json.value))]]);
      case 'array':
        return writeObject(wr, [['kind', str('array')], ['items', (x) => writeArray(x, json.items, writeJson)]]);
      case 'object':
        return writeObject(wr, [
          ['kind', str('object')],
          ['entries', (x) => writeArray(x, json.entries, (y, [k, v]) => {
            y.write(`[${stringLiteral(k)}, `);
            writeJson(y, v);
            y.write(']');
          })],
        ]);
    }
  };
  const json = (value: JsonIR) => (wr: CodeBlockWriter) => writeJson(wr, value);

  const authEntries = (auth: AuthIR): Entry[] => {
    switch (auth.type) {
      case 'none':
        return [['type', str('none')]];
      case 'apikey':
        return [['type', str('apikey')], ['key', tv(auth.key)], ['value', tv(auth.value)], ['in', str(auth.in)]];
      case 'oauth_client_credentials':
        return [
          ['type', str(auth.type)],
          ['tokenUrl', tv(auth.tokenUrl)],
          ['clientId', tv(auth.clientId)],
          ['clientSecret', tv(auth.clientSecret)],
          ['scope', tvOrNull(auth.scope)],
          ['audience', tvOrNull(auth.audience)],
          ['clientAuth', str(auth.clientAuth)],
        ];
      case 'jwt':
        return [
          ['type', str('jwt')],
          ['key', tv(auth.key)],
          ['algorithm', tv(auth.algorithm)],
          ['claims', json(auth.claims)],
          ['expiresIn', literal(String(auth.expiresIn))],
          ['headers', json(auth.headers)],
          ['headerName', auth.headerName === null ? str('Authorization') : tv(auth.headerName)],
          ['prefix', auth.prefix === null ? str('Bearer ') : tv(auth.prefix)],
        ];
      case 'oauth_jwt_bearer':
        return [
          ['type', str(auth.type)],
          ['tokenUrl', tv(auth.tokenUrl)],
          ['key', tv(auth.key)],
          ['algorithm', tv(auth.algorithm)],
          ['claims', json(auth.claims)],
          ['expiresIn', literal(String(auth.expiresIn))],
          ['scope', tvOrNull(auth.scope)],
        ];
    }
  };

  const writeUrl = (wr: CodeBlockWriter, step: StepIR): void => {
    const constant = constantOf(step.url.template);
    if (constant !== null) {
      // Parsed once here; the runtime never parses a literal URL.
      const url = new URL(constant);
      writeObject(wr, [['kind', str('static')], ['href', str(url.href)], ['origin', str(url.origin)]]);
      return;
    }
    writeObject(wr, [
      ['kind', str('template')],
      ['origin', step.url.literalOrigin === null ? literal('null') : str(step.url.literalOrigin)],
      ['template', tv(step.url.template)],
    ]);
  };

  const writeStep = (wr: CodeBlockWriter, step: StepIR): void =>
    writeObject(wr, [
      ['name', str(step.name)],
      ['index', literal(String(step.index))],
      ['method', str(step.method)],
      ['url', (x) => writeUrl(x, step)],
      ['headers', (x) => writeArray(x, step.headers, writeKeyValue(true))],
      ['queryParameters', (x) => writeArray(x, step.queryParameters, writeKeyValue(false))],
      ['authentication', (x) => writeObject(x, authEntries(step.authentication))],
      ['requestBody', step.requestBody === null ? str('') : tv(step.requestBody)],
      ['responseBody', tvOrNull(step.responseBody)],
      ['responseContentType', step.responseContentType === null ? literal('null') : str(step.responseContentType)],
      ['cacheable', literal(String(step.method === 'GET' || step.method === 'HEAD'))],
    ]);

  writeObject(w, [
    ['kind', str(connector.kind)],
    ['name', str(connector.name)],
    ['permalink', str(connector.permalink)],
    ['id', literal(connector.id === null ? 'null' : String(connector.id))],
    ['method', str(connector.method)],
    ['pathParams', literal(`[${pathParams.map(stringLiteral).join(', ')}]`)],
    ['readsRequestBody', literal(String(templates.some((t) => t.readsRequestBody)))],
    ['steps', (x) => writeArray(x, connector.steps, writeStep)],
  ]);
}

/** Every template of a step, in a fixed order. */
export function templatesOfStep(step: StepIR): TemplateIR[] {
  const out: TemplateIR[] = [step.url.template];
  for (const kv of [...step.headers, ...step.queryParameters]) out.push(kv.value);
  out.push(...templatesOfAuth(step.authentication));
  if (step.requestBody) out.push(step.requestBody);
  if (step.responseBody) out.push(step.responseBody);
  return out;
}

function templatesOfJson(json: JsonIR): TemplateIR[] {
  switch (json.kind) {
    case 'template':
      return [json.value];
    case 'literal':
      return [];
    case 'array':
      return json.items.flatMap(templatesOfJson);
    case 'object':
      return json.entries.flatMap(([, v]) => templatesOfJson(v));
  }
}

function templatesOfAuth(auth: AuthIR): TemplateIR[] {
  const orNone = (t: TemplateIR | null) => (t === null ? [] : [t]);
  switch (auth.type) {
    case 'none':
      return [];
    case 'apikey':
      return [auth.key, auth.value];
    case 'oauth_client_credentials':
      return [auth.tokenUrl, auth.clientId, auth.clientSecret, ...orNone(auth.scope), ...orNone(auth.audience)];
    case 'jwt':
      return [auth.key, auth.algorithm, ...templatesOfJson(auth.claims), ...templatesOfJson(auth.headers), ...orNone(auth.headerName), ...orNone(auth.prefix)];
    case 'oauth_jwt_bearer':
      return [auth.tokenUrl, auth.key, auth.algorithm, ...templatesOfJson(auth.claims), ...orNone(auth.scope)];
  }
}
