// Checks of a composite's `execution` and `when` keys (issue 17), from the step dependency graph:
// - the last step cannot be conditional: the widget always receives its response (error);
// - under `execution: parallel`, a step whose method may change something upstream (anything but
//   GET/HEAD) that could be in flight at the same time as another step is a warning naming both:
//   no template shows an ordering between them, so a side effect the other relies on may not
//   have happened yet.
// Like connector-warnings.ts, the warning needs every template's facts: when one template of the
// connector had errors the graph is unknown and the warning is not guessed.
import { buildStepGraph, concurrentPairs, mayHaveSideEffects, stepDependencies } from '../analyse/step-graph.js';
import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { TemplateIR } from '../analyse/ir.js';
import { nodeAtPath, type DataPath } from '../load/node-path.js';
import { pointOfNode, type RegistryFile } from '../load/registry-file.js';
import { HTTP_METHODS } from '../validate/connector-schema.js';
import type { TemplateTable } from '../analyse/template-table.js';
import { stepNamesOf, stepsOf, type TemplateField } from '../analyse/template-fields.js';
import type { ConnectorEntry } from '../validate/validate-file.js';

type Method = (typeof HTTP_METHODS)[number];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function stepReference(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `steps.${name}` : `steps['${name}']`;
}

export function stepExecutionChecks(
  entry: ConnectorEntry,
  file: RegistryFile,
  templates: TemplateTable,
  fields: readonly TemplateField[],
): Diagnostic[] {
  if (entry.kind !== 'composite') return [];
  const pointOf = (relative: DataPath) => pointOfNode(file, nodeAtPath(file.document, [...entry.path, ...relative]));
  const steps = stepsOf(entry).map(({ raw }) => (isRecord(raw) ? raw : {}));
  const diagnostics: Diagnostic[] = [];

  const lastIndex = steps.length - 1;
  if (lastIndex >= 0 && steps[lastIndex]!['when'] !== undefined) {
    diagnostics.push(
      createDiagnostic(
        'step-when-last',
        pointOf(['steps', lastIndex, 'when']),
        `the last step '${String(steps[lastIndex]!['name'])}' cannot be conditional: the widget always receives its response`,
        'remove when: from the last step, or add a final step that reads the conditional one (steps.NAME.skipped)',
      ),
    );
  }

  if (!isRecord(entry.raw) || entry.raw['execution'] !== 'parallel') return diagnostics;
  const names = stepNamesOf(entry);
  const methods = steps.map((raw) => raw['method'] ?? 'GET');
  if (!methods.every((m): m is Method => (HTTP_METHODS as readonly unknown[]).includes(m))) return diagnostics;
  const templatesOf = names.map((): TemplateIR[] => []);
  for (const field of fields) {
    const ir = templates.get(field.key);
    if (ir === null || ir === undefined) return diagnostics;
    templatesOf[field.stepIndex]!.push(ir);
  }
  const graph = buildStepGraph(names.map((name, i) => ({ name, method: methods[i]!, dependsOn: stepDependencies(templatesOf[i]!, names) })));
  for (const [i, j] of concurrentPairs(graph)) {
    const [first, second] = [graph.steps[i]!, graph.steps[j]!];
    const effect = mayHaveSideEffects(first.method) ? first : mayHaveSideEffects(second.method) ? second : null;
    if (effect === null) continue;
    const other = effect === first ? second : first;
    diagnostics.push(
      createDiagnostic(
        'parallel-side-effects',
        pointOf(['steps', effect.index, 'method']),
        `under execution: parallel, step '${effect.name}' (${effect.method}) may run at the same time as step '${other.name}' (${other.method}): no template of either reads the other`,
        `if one needs the other's side effect first, make '${graph.steps[j]!.name}' read ${stepReference(graph.steps[i]!.name)} in a template, or drop execution: parallel`,
      ),
    );
  }
  return diagnostics;
}
