// Emit stage: RegistryIR -> the text of every generated module. Pure: no file system access, and
// the same IR always gives byte-identical files (order and names derive from permalinks and
// content only, never from registry file order).
//
//   connectors/<permalink>.ts  one module per connector: `export const connector: CompiledConnector`,
//                              its steps built by a getter on first use
//   shared.ts                  values used by more than one connector (templates, entries, auth blocks)
//   index.ts                   the registry: every connector, sorted by permalink
//   server.ts                  entry point of the deployable bundle
//   sdk-types.d.ts             permalinks and parameter names for typed widgets
import path from 'node:path';
import type { ConnectorIR, RegistryIR } from '../analyse/ir.js';
import { commentText, stringLiteral } from './code-literal.js';
import { CodeValues, type CodeNode } from './code-value.js';
import { ConnectorValueBuilder } from './connector-value.js';
import { GENERATED_HEADER_TEXT as GENERATED_HEADER } from './generated-header.js';
import { sortedUnique, templatesOfConnector } from './ir-templates.js';
import { connectorIdentifier, connectorModuleKey, connectorModulePath, SHARED_MODULE_PATH } from './module-names.js';
import { ModuleWriter } from './module-writer.js';
import { sdkTypesText } from './sdk-types.js';
import { TemplateCompiler } from './template-value.js';
import { planSharing, type Declaration, type SharingPlan } from './value-sharing.js';

export interface EmittedFile {
  /** Relative to the output directory, with forward slashes. */
  readonly path: string;
  readonly text: string;
}

export interface EmitOptions {
  /** The registry folder, so file references in comments are relative to it (never machine paths). */
  readonly registryDir: string;
}

const RUNTIME_MODULE = 'conduit/runtime';

function sourceOf(file: string, registryDir: string): string {
  return path.relative(path.resolve(registryDir), path.resolve(file)).split(path.sep).join('/');
}

function runtimeImport(writer: ModuleWriter, values: readonly string[] = []): string {
  const names = [...(writer.usesHelpers ? ['rt'] : []), ...values, ...sortedUnique(writer.runtimeTypes).map((t) => `type ${t}`)];
  return `import { ${names.join(', ')} } from '${RUNTIME_MODULE}';`;
}

/**
 * `export const connector: CompiledConnector = { kind, name, ..., get steps() { ... } }`: the
 * fields routing reads are plain properties; the steps (and the values only this connector uses)
 * are built by a plain getter, each time it is read. A large registry's bundle then costs V8 a
 * pre-parse of each connector's steps at start-up instead of a full compile and run; the runtime
 * reads the getter once, on the connector's first use (runtime/server/prepared-on-first-use.ts).
 */
function writeConnector(writer: ModuleWriter, root: CodeNode, local: readonly Declaration[]): void {
  const { w } = writer;
  if (root.kind !== 'object') throw new Error('a connector is an object value');
  writer.useType(root.type);
  w.write(`export const connector: ${root.type} = {`).newLine();
  w.indent(() => {
    for (const [key, value] of root.entries) {
      if (key === 'steps') continue;
      w.write(`${key}: `);
      writer.value(value);
      w.write(',').newLine();
    }
    const steps = root.entries.find(([key]) => key === 'steps');
    if (steps === undefined) throw new Error('a connector has steps');
    // The return type gives the step literals their types (method: HttpMethod, render: TemplateFunction).
    writer.useType('CompiledStep');
    w.writeLine('get steps(): readonly CompiledStep[] {');
    w.indent(() => {
      for (const declaration of local) {
        writer.declare(declaration);
        w.blankLine();
      }
      w.write('return ');
      writer.value(steps[1]);
      w.write(';').newLine();
    });
    w.writeLine('},');
  });
  w.write('};').newLine();
}

function connectorModule(plan: SharingPlan, index: number, connector: ConnectorIR, root: CodeNode, registryDir: string, moduleKey: string): EmittedFile {
  const writer = new ModuleWriter(plan, index);
  const { w } = writer;
  w.writeLine(`/** ${commentText(connector.name)} (${connector.kind}) — from ${commentText(sourceOf(connector.file, registryDir))} */`);
  writeConnector(writer, root, plan.local[index]!);

  const imports = [runtimeImport(writer)];
  if (writer.sharedNames.size > 0) {
    imports.push(`import {\n${sortedUnique(writer.sharedNames).map((n) => `  ${n},\n`).join('')}} from '../${SHARED_MODULE_PATH.replace(/\.ts$/, '.js')}';`);
  }
  return { path: connectorModulePath(moduleKey), text: `${GENERATED_HEADER}\n${imports.join('\n')}\n\n${w.toString()}` };
}

function sharedModule(plan: SharingPlan): EmittedFile {
  const writer = new ModuleWriter(plan, 'shared');
  const { w } = writer;
  plan.shared.forEach((declaration, i) => {
    if (i > 0) w.blankLine();
    writer.declare(declaration);
  });
  const head = [
    GENERATED_HEADER,
    '// Values used by more than one connector, declared once: the bundled server parses and holds one copy.',
    '// shape_* are render functions shared by templates that differ only in their constants.',
    ...(plan.shared.length > 0 ? [runtimeImport(writer)] : []),
    '',
  ];
  const body = plan.shared.length > 0 ? w.toString() : 'export {};\n';
  return { path: SHARED_MODULE_PATH, text: `${head.join('\n')}\n${body}` };
}

function indexModule(registry: RegistryIR, moduleKeys: readonly string[]): EmittedFile {
  const lines = [GENERATED_HEADER, `import type { CompiledRegistry } from '${RUNTIME_MODULE}';`];
  for (const key of moduleKeys) {
    const modulePath = `./${connectorModulePath(key).replace(/\.ts$/, '.js')}`;
    lines.push(`import { connector as ${connectorIdentifier(key)} } from ${stringLiteral(modulePath)};`);
  }
  const secretNames = sortedUnique(registry.connectors.flatMap(templatesOfConnector).flatMap((t) => t.secretNames));
  lines.push(
    '',
    // The runtime builds its permalink and id lookup tables from this list once at start-up.
    '/** Every connector of the registry, sorted by permalink; addressed by permalink or numeric id. */',
    'export const registry: CompiledRegistry = {',
    '  connectors: [',
    ...registry.connectors.map((c, i) => `    ${connectorIdentifier(moduleKeys[i]!)}, // ${c.kind} ${c.permalink}${c.id === null ? '' : ` (id ${c.id})`}`),
    '  ],',
    `  secretNames: [${secretNames.map(stringLiteral).join(', ')}],`,
    '};',
    '',
  );
  return { path: 'index.ts', text: lines.join('\n') };
}

function serverModule(): EmittedFile {
  const text = [
    GENERATED_HEADER,
    '// Entry point of the deployable bundle (dist/server.mjs): serves the registry it was built from.',
    `import { runServerFromCli } from '${RUNTIME_MODULE}';`,
    "import { registry } from './index.js';",
    '',
    'await runServerFromCli(registry, process.argv.slice(2), process.env);',
    '',
  ].join('\n');
  return { path: 'server.ts', text };
}

export function emitRegistry(registry: RegistryIR, options: EmitOptions): EmittedFile[] {
  const values = new CodeValues();
  const templates = new TemplateCompiler(values);
  templates.prepare(registry.connectors.flatMap(templatesOfConnector));
  const builder = new ConnectorValueBuilder(values, templates);
  const roots = registry.connectors.map((c) => builder.connector(c));
  const plan = planSharing(values, roots);
  const regularPermalinks = new Set(registry.connectors.filter((c) => c.kind === 'regular').map((c) => c.permalink));
  const moduleKeys = registry.connectors.map((c) => connectorModuleKey(c, regularPermalinks));
  const connectors = registry.connectors.map((c, i) => connectorModule(plan, i, c, roots[i]!, options.registryDir, moduleKeys[i]!));
  return [
    indexModule(registry, moduleKeys),
    serverModule(),
    sharedModule(plan),
    { path: 'sdk-types.d.ts', text: sdkTypesText(registry) },
    ...connectors,
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
