// Type declarations for widget authors (generated/sdk-types.d.ts), in the shape the SDK's type
// parameter expects (sdk/src/registry-types.ts, sdk/examples/sdk-types.d.ts): the registry's
// permalinks per kind, and for each connector the method, the path parameters its URL reads and
// the query parameters a caller may set, so a typo in a widget is a compile error.
import type { ConnectorIR, RegistryIR } from '../analyse/ir.js';
import { stringLiteral } from './code-literal.js';
import { GENERATED_HEADER_TEXT } from './generated-header.js';
import { sortedUnique, templatesOfConnector } from './ir-templates.js';

const union = (names: readonly string[]) => (names.length === 0 ? 'never' : names.map(stringLiteral).join(' | '));

/** Regular: the overridable query entries (others ignore the caller). Composite: what templates read. */
function queryParamsType(c: ConnectorIR): string {
  if (c.kind === 'regular') {
    return union(sortedUnique(c.steps.flatMap((s) => s.queryParameters.filter((q) => q.overridable).map((q) => q.key))));
  }
  const templates = templatesOfConnector(c);
  // A template that reads the mapping as a whole (tojson, items(), a computed key) may use any key.
  if (templates.some((t) => t.readsAllQueryParameters)) return 'string';
  return union(sortedUnique(templates.flatMap((t) => t.queryParameterKeys)));
}

function connectorEntry(c: ConnectorIR): string {
  const fields =
    c.kind === 'regular'
      ? `method: ${stringLiteral(c.method)}; pathParams: ${union(sortedUnique(templatesOfConnector(c).flatMap((t) => t.pathParams)))}; queryParams: ${queryParamsType(c)}`
      : `queryParams: ${queryParamsType(c)}`;
  return `    ${stringLiteral(c.permalink)}: { ${fields} };`;
}

export function sdkTypesText(registry: RegistryIR): string {
  const byKind = (kind: ConnectorIR['kind']) => registry.connectors.filter((c) => c.kind === kind);
  return [
    GENERATED_HEADER_TEXT,
    '// Connector types for widget code using the SDK (sdk/): pass RegistryConnectors as the type',
    '// parameter of WidgetServiceSDK, e.g. `new WidgetServiceSDK<RegistryConnectors>()`.',
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
