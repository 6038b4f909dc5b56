// Generated code type-checks under the project's strict settings (every auth type, constant and
// templated values, JSON claims, hyphenated steps, shared values and template shapes), and the
// generated SDK types make a widget's typo a compile error while accepting what the registry has.
import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRegistry } from '../../../bench/generate-registry.js';
import { typeErrors, type TypeError } from '../../sdk/support/typecheck.js';
import { buildOrThrow, readTree, removeScratch, REPO_ROOT, scratchDir } from '../build/temp-build.js';

const VALID_CORPUS = path.join(REPO_ROOT, 'test/fixtures/registries/valid');
let work: string;
const generatedFiles: string[] = [];

/** Errors tsc reports for `files` with the options of the project's tsconfig.json. */
function projectTypeErrors(files: readonly string[]): string[] {
  const config = ts.readConfigFile(path.join(REPO_ROOT, 'tsconfig.json'), (f) => ts.sys.readFile(f));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO_ROOT);
  const program = ts.createProgram(files, parsed.options);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

beforeAll(async () => {
  work = await scratchDir('emit-typecheck');
  const registries: [string, string][] = [
    ['all-features', path.join(REPO_ROOT, 'test/fixtures/build/all-features')],
    ['demo', path.join(REPO_ROOT, 'registry')],
    ...readdirSync(VALID_CORPUS).map((name): [string, string] => [`valid-${name}`, path.join(VALID_CORPUS, name)]),
  ];
  const bench = path.join(work, 'bench-registry');
  await generateRegistry(bench, { connectors: 12, stepsPerConnector: 3, perFile: 4 });
  registries.push(['bench', bench]);
  for (const [name, registryDir] of registries) {
    const outDir = path.join(work, name);
    await buildOrThrow({ registryDir, outDir });
    for (const file of (await readTree(outDir)).keys()) if (file.endsWith('.ts')) generatedFiles.push(path.join(outDir, file));
  }
}, 60_000);
afterAll(() => removeScratch(work));

describe('generated modules', () => {
  it('type-check under the strict project settings, which do catch a wrong value', async () => {
    expect(generatedFiles.filter((f) => f.includes('/all-features/') && f.endsWith('shared.ts'))).toHaveLength(1);
    expect(generatedFiles.length).toBeGreaterThan(40);
    // Checked in the same program: proof that these settings reject what does not fit the contract.
    const broken = path.join(work, 'broken.ts');
    await writeFile(
      broken,
      "import type { CompiledStep } from 'conduit/runtime';\nexport const step: Pick<CompiledStep, 'method' | 'cacheable'> = { method: 'FETCH', cacheable: 'yes' };\n",
    );
    const errors = projectTypeErrors([...generatedFiles, broken]);
    expect(errors.filter((e) => !e.startsWith(`${broken}:`))).toEqual([]);
    expect(errors).toHaveLength(2);
  }, 60_000);
});

/** Widget body lines come after the setup lines, so an error in the body is on this line. */
const BODY_LINE = 4;

const CORRECT_BODY = [
  "await sdk.connectors.execute({ permalink: 'user-posts', method: 'GET', pathParams: { user_id: 42, slug: 'a-b' } });",
  "await sdk.connectors.execute({ permalink: 'static-search', method: 'GET', queryParams: { limit: '5' } });",
  "await sdk.connectors.execute({ permalink: 'create-ticket', method: 'POST', payload: { subject: 'Hi' } });",
  "await sdk.connectors.execute({ permalink: 'peek', method: 'HEAD' });",
  "await sdk.connectors.composite.execute({ permalink: 'auth-and-fetch', payload: { a: 1 }, queryParams: { expand: 'teams' } });",
  // query-echo reads request.query_parameters as a whole: any key.
  "await sdk.connectors.composite.execute({ permalink: 'query-echo', queryParams: { anything: 'x', at: 'all' } });",
].join('\n');

const MISTAKES: [string, string, RegExp][] = [
  ['a misspelt permalink', "sdk.connectors.execute({ permalink: 'user-post', method: 'GET' });", /'"user-post"' is not assignable/],
  ['the wrong method', "sdk.connectors.execute({ permalink: 'create-ticket', method: 'GET' });", /'"GET"' is not assignable to type '"POST"'/],
  ['a missing path parameter', "sdk.connectors.execute({ permalink: 'user-posts', method: 'GET', pathParams: { user_id: 1 } });", /'slug' is missing/],
  ['a query parameter that is not overridable', "sdk.connectors.execute({ permalink: 'static-search', method: 'GET', queryParams: { who: 'x' } });", /'who' does not exist/],
  ['a query key the composite never reads', "sdk.connectors.composite.execute({ permalink: 'auth-and-fetch', queryParams: { page: '2' } });", /'page' does not exist/],
  ['a regular permalink as a composite', "sdk.connectors.composite.execute({ permalink: 'peek' });", /'"peek"' is not assignable/],
];

describe('generated SDK types', () => {
  const errorsOf = new Map<string, TypeError[]>();
  const fileName = (name: string) => `widget-${name.replace(/\W+/g, '-')}.mts`;

  beforeAll(async () => {
    const widgets = path.join(work, 'widgets');
    await buildOrThrow({ registryDir: path.join(REPO_ROOT, 'test/fixtures/build/all-features'), outDir: widgets });
    const sdk = path.relative(widgets, path.join(REPO_ROOT, 'sdk/src/index.js')).split(path.sep).join('/');
    const widget = (body: string) =>
      [
        `import { WidgetServiceSDK } from '${sdk}';`,
        "import type { RegistryConnectors } from './sdk-types.js';",
        'const sdk = new WidgetServiceSDK<RegistryConnectors>();',
        body,
        'export {};',
      ].join('\n');
    const files: string[] = [];
    for (const [name, body] of [['correct', CORRECT_BODY], ...MISTAKES.map(([n, line]) => [n, line])] as const) {
      const file = path.join(widgets, fileName(name));
      await writeFile(file, `${widget(body)}\n`);
      files.push(file);
      errorsOf.set(fileName(name), []);
    }
    for (const error of typeErrors(files)) errorsOf.get(error.file)?.push(error);
  }, 60_000);

  it('accept the registry permalinks, methods and parameter names', () => {
    expect(errorsOf.get(fileName('correct'))).toEqual([]);
  });

  it.each(MISTAKES)('make %s a compile error on that line', (name, _line, message) => {
    const errors = errorsOf.get(fileName(name))!;
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(BODY_LINE);
    expect(errors[0]!.message).toMatch(message);
  });
});
