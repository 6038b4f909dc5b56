// Type declarations for widget authors: the registry's permalinks per kind, and for each connector
// the method, path parameters and caller query parameters its templates read, so a typo in a
// widget is a compile error.
import type { ConnectorIR, RegistryIR } from '../ir.js';
import { stringLiteral } from './code-literal.js';
import { templatesOfStep } from './ir-templates.js';
import { GENERATED_HEADER_TEXT } from './generated-header.js';

const union = (names: readonly string[]) => (names.length === 0 ? 'never' : names.map(stringLiteral).join(' | '));

function connectorEntry(c: ConnectorIR): string {
  const templates = c.steps.flatMap(templatesOfStep);
  const pathParams = [...new Set(templates.flatMap((t) => t.pathParams))].sort();
  const queryKeys = [...new Set(templates.flatMap((t) => t.queryParameterKeys))].sort();
  const overridableQuery = [...new Set(c.steps.flatMap((s) => s.queryParameters.filter((q) => q.overridable).map((q) => q.key)))].sort();
  const fields =
    c.kind === 'regular'
      ? `method: ${stringLiteral(c.method)}; pathParams: ${union(pathParams)}; queryParams: ${union(overridableQuery)}`
      : `queryParams: ${union(queryKeys)}`;
  return `    ${stringLiteral(c.permalink)}: { ${fields} };`;
}

export function sdkTypesText(registry: RegistryIR): string {
  const byKind = (kind: ConnectorIR['kind']) => registry.connectors.filter((c) => c.kind === kind);
  return [
    GENERATED_HEADER_TEXT,
    '// Connector types for widget code using the SDK (sdk/): permalinks, methods and parameter names.',
    '',
    'export interface RegistryConnectors {',
    '  regular: {',
    ...byKind('regular').map(connectorEntry),
    '  };',
    '  composite: {',
    ...byKind('composite').map(connectorEntry),
    '  };',
    '}',
    '',
    "export type RegularPermalink = keyof RegistryConnectors['regular'];",
    "export type CompositePermalink = keyof RegistryConnectors['composite'];",
    '',
  ].join('\n');
}
