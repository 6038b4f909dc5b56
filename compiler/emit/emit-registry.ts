// Emit stage: RegistryIR -> the text of every generated module. Pure: no file system access, and
// the same IR always gives byte-identical files (order and names derive from permalinks only).
import path from 'node:path';
import { IndentationText, NewLineKind, Project, QuoteKind, StructureKind } from 'ts-morph';
import type { ImportDeclarationStructure, OptionalKind, WriterFunction } from 'ts-morph';
import type { ConnectorIR, RegistryIR } from '../ir.js';
import { commentText, stringLiteral } from './code-literal.js';
import { templatesOfStep, writeConnector } from './connector-module.js';
import { connectorIdentifier, connectorModulePath } from './module-names.js';
import { GENERATED_HEADER_TEXT as GENERATED_HEADER } from './generated-header.js';
import { sdkTypesText } from './sdk-types.js';
import type { TemplateWriteStats } from './template-value.js';

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

function createProject(): Project {
  return new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      quoteKind: QuoteKind.Single,
      newLineKind: NewLineKind.LineFeed,
    },
  });
}

function sourceOf(file: string, registryDir: string): string {
  return path.relative(path.resolve(registryDir), path.resolve(file)).split(path.sep).join('/');
}

function connectorModule(project: Project, connector: ConnectorIR, registryDir: string): EmittedFile {
  const stats: TemplateWriteStats = { usesHelpers: false };
  // Written as a statement (not a declaration initializer, which ts-morph hang-indents) so the
  // object literal sits flush and reads like hand-written code.
  const connectorStatement: WriterFunction = (w) => {
    w.writeLine(`/** ${commentText(connector.name)} (${connector.kind}) — from ${commentText(sourceOf(connector.file, registryDir))} */`);
    w.write('export const connector: CompiledConnector = ');
    writeConnector(w, connector, stats);
    w.write(';').newLine();
  };
  // The connector is written first so we know whether the module needs the helper namespace.
  const body = project.createSourceFile('body.ts', { statements: [connectorStatement] }, { overwrite: true });
  const bodyText = body.getFullText();
  project.removeSourceFile(body);

  const runtimeImport: OptionalKind<ImportDeclarationStructure> = {
    moduleSpecifier: RUNTIME_MODULE,
    namedImports: [...(stats.usesHelpers ? ['rt'] : []), { name: 'CompiledConnector', isTypeOnly: true }],
  };
  const head = project.createSourceFile('head.ts', { statements: [{ kind: StructureKind.ImportDeclaration, ...runtimeImport }] }, { overwrite: true });
  const headText = head.getFullText();
  project.removeSourceFile(head);
  return { path: connectorModulePath(connector.permalink), text: `${GENERATED_HEADER}\n${headText}\n${bodyText}` };
}

function indexModule(registry: RegistryIR): EmittedFile {
  const lines = [GENERATED_HEADER, `import type { CompiledRegistry } from '${RUNTIME_MODULE}';`];
  for (const c of registry.connectors) {
    const modulePath = `./${connectorModulePath(c.permalink).replace(/\.ts$/, '.js')}`;
    lines.push(`import { connector as ${connectorIdentifier(c.permalink)} } from ${stringLiteral(modulePath)};`);
  }
  const secretNames = [...new Set(registry.connectors.flatMap((c) => c.steps.flatMap(templatesOfStep)).flatMap((t) => t.secretNames))].sort();
  lines.push(
    '',
    '/** Every connector of the registry, sorted by permalink. */',
    'export const registry: CompiledRegistry = {',
    `  connectors: [${registry.connectors.map((c) => connectorIdentifier(c.permalink)).join(', ')}],`,
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
  const project = createProject();
  const connectors = registry.connectors.map((c) => connectorModule(project, c, options.registryDir));
  return [
    indexModule(registry),
    serverModule(),
    { path: 'sdk-types.d.ts', text: sdkTypesText(registry) },
    ...connectors,
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
