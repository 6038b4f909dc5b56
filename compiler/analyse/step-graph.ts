// The step dependency graph of a composite connector (issue 17), decided at compile time from what
// the template analysis already records: every template's `stepRefs` (url, headers, query values,
// auth config, request_body, response_body and `when`). Step N depends on step M when some template
// of N reads `steps.M`; analysis already guarantees M < N. The graph drives `execution: parallel`
// at run time, `check --explain` and the warning about side effects running concurrently.
import type { HttpMethod } from '../../runtime/connector.js';
import type { ConnectorIR, TemplateIR } from './ir.js';

export interface StepGraphNode {
  readonly name: string;
  readonly index: number;
  readonly method: HttpMethod;
  /** Indices of the earlier steps this step reads, ascending. */
  readonly dependsOn: readonly number[];
  /** Steps on the longest chain of dependencies ending here, this one included (1 for a step that reads none). */
  readonly depth: number;
}

export interface StepGraph {
  readonly steps: readonly StepGraphNode[];
  /** Indices of the longest dependency chain, first to last; ties go to the lowest indices. */
  readonly criticalPath: readonly number[];
}

/**
 * The indices of the steps a step reads, from the analysis output of its templates: the one place
 * the graph touches the analysis, so a change to how templates are analysed stays out of here.
 */
export function stepDependencies(templates: Iterable<TemplateIR>, stepNames: readonly string[]): number[] {
  const indices = new Set<number>();
  for (const template of templates) {
    for (const name of template.stepRefs) {
      const index = stepNames.indexOf(name);
      if (index !== -1) indices.add(index);
    }
  }
  return [...indices].sort((a, b) => a - b);
}

export function buildStepGraph(steps: readonly { readonly name: string; readonly method: HttpMethod; readonly dependsOn: readonly number[] }[]): StepGraph {
  const nodes: StepGraphNode[] = [];
  // Longest-chain predecessor of each step, to walk the critical path back from its end.
  const via: (number | null)[] = [];
  steps.forEach((step, index) => {
    let depth = 1;
    let from: number | null = null;
    for (const dep of step.dependsOn) {
      const d = nodes[dep]!.depth + 1;
      if (d > depth) {
        depth = d;
        from = dep;
      }
    }
    nodes.push({ name: step.name, index, method: step.method, dependsOn: [...step.dependsOn], depth });
    via.push(from);
  });
  let end: number | null = null;
  for (const node of nodes) if (end === null || node.depth > nodes[end]!.depth) end = node.index;
  const criticalPath: number[] = [];
  for (let at = end; at !== null; at = via[at]!) criticalPath.unshift(at);
  return { steps: nodes, criticalPath };
}

/** For each step, every step it waits for directly or through others. */
function ancestorsOf(graph: StepGraph): Set<number>[] {
  const ancestors: Set<number>[] = [];
  for (const node of graph.steps) {
    const set = new Set<number>();
    for (const dep of node.dependsOn) {
      set.add(dep);
      for (const a of ancestors[dep]!) set.add(a);
    }
    ancestors.push(set);
  }
  return ancestors;
}

/** Pairs [i, j] (i < j) of steps that may be in flight at the same time under `execution: parallel`. */
export function concurrentPairs(graph: StepGraph): [number, number][] {
  const ancestors = ancestorsOf(graph);
  const pairs: [number, number][] = [];
  for (let j = 0; j < graph.steps.length; j++) {
    for (let i = 0; i < j; i++) if (!ancestors[j]!.has(i)) pairs.push([i, j]);
  }
  return pairs;
}

/** Every method but GET and HEAD may change something upstream, so running it concurrently is worth a warning. */
export function mayHaveSideEffects(method: HttpMethod): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

/** The graph of an assembled connector (a regular connector is one step). */
export function stepGraphOfConnector(connector: ConnectorIR): StepGraph {
  return buildStepGraph(connector.steps);
}
