// `conduit check --explain PERMALINK` (issue 17): a composite's step dependency graph and its
// critical path, as text or as the `explain` field of `--format json`. The graph is the one
// `execution: parallel` runs by; for a sequential composite it shows what parallel would gain.
import { stepGraphOfConnector } from '../compiler/analyse/step-graph.js';
import type { ConnectorIR } from '../compiler/analyse/ir.js';

export interface StepExplanation {
  readonly name: string;
  readonly index: number;
  readonly method: string;
  /** Names of the earlier steps it reads (its templates, auth config and `when`). */
  readonly depends_on: readonly string[];
  /** Steps on the longest dependency chain ending here: under parallel, the step starts in this wave. */
  readonly depth: number;
  readonly conditional: boolean;
}

export interface ConnectorExplanation {
  readonly kind: 'regular' | 'composite';
  readonly name: string;
  readonly permalink: string;
  readonly file: string;
  readonly execution: 'sequential' | 'parallel';
  readonly steps: readonly StepExplanation[];
  /** Step names of the longest dependency chain, first to last. */
  readonly critical_path: readonly string[];
}

export function explainConnector(connector: ConnectorIR): ConnectorExplanation {
  const graph = stepGraphOfConnector(connector);
  const names = connector.steps.map((s) => s.name);
  return {
    kind: connector.kind,
    name: connector.name,
    permalink: connector.permalink,
    file: connector.file,
    execution: connector.execution,
    steps: graph.steps.map((node) => ({
      name: node.name,
      index: node.index,
      method: node.method,
      depends_on: node.dependsOn.map((i) => names[i]!),
      depth: node.depth,
      conditional: connector.steps[node.index]!.when !== null,
    })),
    critical_path: graph.criticalPath.map((i) => names[i]!),
  };
}

export function formatExplanation(e: ConnectorExplanation): string {
  const lines = [`${e.kind === 'composite' ? 'Composite' : 'Regular'} connector '${e.permalink}' (${e.file}), execution: ${e.execution}`];
  const width = Math.max(4, ...e.steps.map((s) => s.name.length));
  lines.push(`  ${'#'.padStart(2)}  ${'step'.padEnd(width)}  method   wave  reads`);
  for (const s of e.steps) {
    const reads = s.depends_on.length === 0 ? '-' : s.depends_on.join(', ');
    lines.push(`  ${String(s.index).padStart(2)}  ${s.name.padEnd(width)}  ${s.method.padEnd(7)}  ${String(s.depth).padStart(4)}  ${reads}${s.conditional ? '  (when: …)' : ''}`);
  }
  const count = e.steps.length;
  const path = e.critical_path.join(' -> ');
  lines.push(`Critical path: ${path} (${e.critical_path.length} of ${count} step${count === 1 ? '' : 's'})`);
  lines.push(
    e.execution === 'parallel'
      ? `Under execution: parallel a request waits for ${e.critical_path.length} step${e.critical_path.length === 1 ? '' : 's'} in a row, not ${count}.`
      : count > e.critical_path.length
        ? `Steps run one after another (${count} in a row); execution: parallel would need ${e.critical_path.length} in a row.`
        : 'Every step reads the one before it: execution: parallel would not shorten it.',
  );
  return `${lines.join('\n')}\n`;
}
