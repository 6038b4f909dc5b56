// Registry-wide uniqueness of connector names, permalinks and ids (SPEC §1): a connector is
// addressed by permalink or id, so two connectors sharing one would make one unreachable.
// Regular and composite connectors have separate namespaces (SPEC §1 v2: they are called under
// different paths), so a regular and a composite connector may share a name, permalink or id.
// The later definition (in sorted file order, then source order) is reported, naming where the
// first one is.
import { createDiagnostic, type SourcePoint } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ConnectorEntry } from '../validate/validate-file.js';

function pointOfField(entry: ConnectorEntry, field: 'name' | 'permalink' | 'id'): SourcePoint {
  return entry.points[field];
}

function where(point: SourcePoint): string {
  return `${point.file}:${point.line}:${point.col}`;
}

export function checkUniqueness(entries: readonly ConnectorEntry[]): Diagnostic[] {
  return [
    ...checkUniquenessWithinKind(entries.filter((entry) => entry.kind === 'regular')),
    ...checkUniquenessWithinKind(entries.filter((entry) => entry.kind === 'composite')),
  ];
}

function checkUniquenessWithinKind(entries: readonly ConnectorEntry[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const kind = entries[0]?.kind === 'composite' ? 'composite connectors' : 'regular connectors';
  const names = new Map<string, ConnectorEntry>();
  const permalinks = new Map<string, ConnectorEntry>();
  const ids = new Map<number, ConnectorEntry>();
  for (const entry of entries) {
    let nameClash = false;
    if (entry.name !== null) {
      const first = names.get(entry.name);
      if (first === undefined) names.set(entry.name, entry);
      else {
        nameClash = true;
        diagnostics.push(
          createDiagnostic(
            'duplicate-name',
            pointOfField(entry, 'name'),
            `connector name '${entry.name}' is already used at ${where(pointOfField(first, 'name'))}`,
            `names must be unique among the registry's ${kind}`,
          ),
        );
      }
    }
    if (entry.permalink !== null) {
      const first = permalinks.get(entry.permalink);
      if (first === undefined) permalinks.set(entry.permalink, entry);
      // A permalink derived from a duplicate name is the same mistake: reported once, as the name.
      else if (!(nameClash && entry.permalinkDerived)) {
        const field = entry.permalinkDerived ? 'name' : 'permalink';
        const firstField = first.permalinkDerived ? 'name' : 'permalink';
        diagnostics.push(
          createDiagnostic(
            'duplicate-permalink',
            pointOfField(entry, field),
            `permalink '${entry.permalink}'${entry.permalinkDerived ? ' (derived from the name)' : ''} is already used by connector '${first.name ?? '?'}' at ${where(pointOfField(first, firstField))}`,
            entry.permalinkDerived ? 'set a distinct `permalink:` or rename the connector' : `permalinks must be unique among the registry's ${kind}`,
          ),
        );
      }
    }
    if (entry.id !== null) {
      const first = ids.get(entry.id);
      if (first === undefined) ids.set(entry.id, entry);
      else {
        diagnostics.push(
          createDiagnostic(
            'duplicate-id',
            pointOfField(entry, 'id'),
            `id ${entry.id} is already used by connector '${first.name ?? '?'}' at ${where(pointOfField(first, 'id'))}`,
            `ids must be unique among the registry's ${kind}`,
          ),
        );
      }
    }
  }
  return diagnostics;
}
