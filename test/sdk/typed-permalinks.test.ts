// With the generated registry types as its type parameter, the SDK makes a misspelt permalink (and a
// wrong method or parameter name) a compile error — checked against the built .d.ts a widget uses.
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildSdk } from '../../sdk/build.js';
import { type TypeError, typeErrors } from './support/typecheck.js';

const SDK_DIR = fileURLToPath(new URL('../../sdk/', import.meta.url));

/** Widget body lines come after the setup lines, so an error in the body is on this line. */
const BODY_LINE = 4;

const CORRECT_ESM_BODY = [
  "await sdk.connectors.execute({ permalink: 'weather-api', method: 'GET', queryParams: { q: 'Warsaw', units: 'metric' } });",
  "await sdk.connectors.execute({ permalink: 'user-posts', method: 'GET', pathParams: { user_id: 42 } });",
  "await sdk.connectors.execute({ permalink: 'crm-contacts', method: 'POST', payload: { name: 'Jane' } });",
  "await sdk.connectors.composite.execute({ permalink: 'auth-and-fetch-user', payload: { id: 1 }, queryParams: { include: 'teams' } });",
  "await sdk.connectors.composite.execute({ permalink: 'sync-everything', queryParams: { any: 'key', goes: 1 } });",
].join('\n');

const ESM_MISTAKES: [string, string, RegExp][] = [
  ['a misspelt regular permalink', "sdk.connectors.execute({ permalink: 'wether-api', method: 'GET' });", /'"wether-api"' is not assignable to type '"weather-api" \| "user-posts" \| "crm-contacts"'/],
  ['a misspelt composite permalink', "sdk.connectors.composite.execute({ permalink: 'auth-and-fetch-usr' });", /'"auth-and-fetch-usr"' is not assignable to type '"auth-and-fetch-user" \| "sync-everything"'/],
  ['a regular permalink used as a composite', "sdk.connectors.composite.execute({ permalink: 'weather-api' });", /'"weather-api"' is not assignable/],
  ['a composite permalink used as a regular', "sdk.connectors.execute({ permalink: 'auth-and-fetch-user', method: 'POST' });", /'"auth-and-fetch-user"' is not assignable/],
  ['a method other than the configured one', "sdk.connectors.execute({ permalink: 'weather-api', method: 'POST' });", /'"POST"' is not assignable to type '"GET"'/],
  ['a missing path parameter', "sdk.connectors.execute({ permalink: 'user-posts', method: 'GET' });", /Property 'pathParams' is missing/],
  ['a misspelt path parameter', "sdk.connectors.execute({ permalink: 'user-posts', method: 'GET', pathParams: { userid: 1 } });", /'userid' does not exist/],
  ['a query parameter the connector does not read', "sdk.connectors.execute({ permalink: 'weather-api', method: 'GET', queryParams: { city: 'x' } });", /'city' does not exist/],
  ['a query parameter for a connector that reads none', "sdk.connectors.execute({ permalink: 'crm-contacts', method: 'POST', queryParams: { a: 'x' } });", /not assignable to type 'never'/],
  ['a string composite payload', "sdk.connectors.composite.execute({ permalink: 'auth-and-fetch-user', payload: '{}' });", /'string' is not assignable to type 'object'/],
  ['pathParams on a composite', "sdk.connectors.composite.execute({ permalink: 'auth-and-fetch-user', pathParams: { id: 1 } });", /is not assignable to type 'undefined'/],
  ['token and getToken together', "new WidgetServiceSDK({ token: 'a', getToken: () => 'b' });", /is not assignable/],
];

const CORRECT_SCRIPT_BODY = [
  "sdk.connectors.execute({ permalink: 'weather-api', method: 'GET' }).catch((e: unknown) => {",
  '  if (e instanceof window.WidgetServiceSDK.ConnectorError) console.log(e.status, e.scope, e.timing);',
  '  if (e instanceof WidgetServiceSDK.ConnectorBoundaryError) console.log(e.field);',
  '});',
].join('\n');

let dir: string;
/** Errors per widget file name; every widget is checked in one program (the DOM lib is parsed once). */
const errorsOf = new Map<string, TypeError[]>();
const fileName = (name: string) => `${name.replace(/\W+/g, '-')}.mts`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'conduit-sdk-types-'));
  const built = await buildSdk({ outDir: path.join(dir, 'dist') });
  // The example has the exact shape `conduit build` emits as generated/sdk-types.d.ts.
  await copyFile(path.join(SDK_DIR, 'examples/sdk-types.d.ts'), path.join(dir, 'sdk-types.d.ts'));
  const relative = (file: string) => `./${path.relative(dir, file).split(path.sep).join('/')}`;

  const esmWidget = (body: string) =>
    [
      `import { WidgetServiceSDK } from '${relative(built.esmFile)}';`,
      "import type { RegistryConnectors } from './sdk-types.js';",
      'const sdk = new WidgetServiceSDK<RegistryConnectors>();',
      body,
      'export {};',
    ].join('\n');
  const scriptWidget = (body: string) =>
    [
      `/// <reference path="${relative(built.iifeTypesFile)}" />`,
      "import type { RegistryConnectors } from './sdk-types.js';",
      'const sdk = new window.WidgetServiceSDK<RegistryConnectors>();',
      body,
      'export {};',
    ].join('\n');
  const untypedWidget = [
    `import { WidgetServiceSDK, ConnectorError } from '${relative(built.esmFile)}';`,
    "const sdk = new WidgetServiceSDK({ baseUrl: 'https://conduit.example', getToken: async () => 'jwt' });",
    "const data = await sdk.connectors.execute({ permalink: 'anything', method: 'DELETE', pathParams: { a: 1 }, queryParams: { b: [1, 2] } });",
    "await sdk.connectors.composite.execute({ permalink: 'other', payload: { x: data } }).catch((e: unknown) => e instanceof ConnectorError && e.timing?.total_ms);",
    'export {};',
  ].join('\n');

  const widgets = new Map<string, string>([
    ['correct', esmWidget(CORRECT_ESM_BODY)],
    ['untyped', untypedWidget],
    ['script-correct', scriptWidget(CORRECT_SCRIPT_BODY)],
    ['script-typo', scriptWidget("sdk.connectors.execute({ permalink: 'weather', method: 'GET' });")],
    ...ESM_MISTAKES.map(([name, line]): [string, string] => [name, esmWidget(line)]),
  ]);
  const files: string[] = [];
  for (const [name, text] of widgets) {
    const file = path.join(dir, fileName(name));
    await writeFile(file, `${text}\n`);
    files.push(file);
    errorsOf.set(fileName(name), []);
  }
  for (const error of typeErrors(files)) errorsOf.get(error.file)?.push(error);
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a typed widget against the built ESM types', () => {
  test('correct permalinks, methods and parameter names type-check', () => {
    expect(errorsOf.get(fileName('correct'))).toEqual([]);
  });

  test.each(ESM_MISTAKES)('%s is a compile error on that line', (name, _line, message) => {
    const errors = errorsOf.get(fileName(name))!;
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(BODY_LINE);
    expect(errors[0]!.message).toMatch(message);
  });

  test('without registry types any permalink and parameter is accepted', () => {
    expect(errorsOf.get(fileName('untyped'))).toEqual([]);
  });
});

describe('a typed script-tag widget against the IIFE types', () => {
  test('window.WidgetServiceSDK and its error classes are typed', () => {
    expect(errorsOf.get(fileName('script-correct'))).toEqual([]);
  });

  test('a misspelt permalink is a compile error', () => {
    const errors = errorsOf.get(fileName('script-typo'))!;
    expect(errors.map((e) => e.line)).toEqual([BODY_LINE]);
    expect(errors[0]!.message).toMatch(/'"weather"' is not assignable/);
  });
});

describe('the example typed widget in sdk/examples', () => {
  test('type-checks against the SDK sources', () => {
    expect(typeErrors([path.join(SDK_DIR, 'examples/typed-widget.ts')])).toEqual([]);
  });
});
