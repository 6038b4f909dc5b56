// The step dependency graph of issue 17: which earlier steps each step reads (any slot, including
// auth config, response_body and `when`), carried in the IR, with its critical path and the pairs
// of steps that may run concurrently under `execution: parallel`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStepGraph, concurrentPairs, stepGraphOfConnector } from '../../../compiler/analyse/step-graph.js';
import { checkRegistry } from '../../../compiler/check.js';
import type { ConnectorIR, RegistryIR } from '../../../compiler/analyse/ir.js';

const REGISTRY = `
composite_connectors:
  - name: Graph
    execution: parallel
    steps:
      - name: token
        method: POST
        url: https://auth.example.com/token
      - name: profile
        url: https://api.example.com/profile
      - name: by-auth
        url: https://api.example.com/a
        authentication:
          type: oauth_client_credentials
          config:
            token_url: https://auth.example.com/token
            client_id: "{{ steps.token.body }}"
            client_secret: "{{ get_secret('s') }}"
      - name: by-response
        url: https://api.example.com/b
        response_body: "{{ response.body ~ steps.profile.body }}"
      - name: by-when
        url: https://api.example.com/c
        when: "steps['by-response'].status_code == 200"
      - name: by-header
        url: https://api.example.com/d
        headers:
          - key: X-A
            value: "{{ steps['by-auth'].body }}"
          - key: X-B
            value: "{{ steps['by-when'].skipped }}"
  - name: Plain
    steps:
      - name: one
        url: https://api.example.com/1
      - name: two
        url: https://api.example.com/2?x={{ steps.one.body }}
connectors:
  - name: Single
    method: GET
    url: https://api.example.com/single
`;

let dir: string;
let registry: RegistryIR;
const connector = (permalink: string): ConnectorIR => registry.connectors.find((c) => c.permalink === permalink)!;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'conduit-step-graph-'));
  await writeFile(path.join(dir, 'r.yaml'), REGISTRY);
  const result = await checkRegistry(dir);
  // Only warnings (side effects in parallel) may be reported.
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  registry = result.registry!;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('dependencies in the IR', () => {
  it('counts step references in auth config, response_body, when and headers', () => {
    const graph = connector('graph');
    expect(graph.execution).toBe('parallel');
    expect(graph.steps.map((s) => [s.name, s.dependsOn])).toEqual([
      ['token', []],
      ['profile', []],
      ['by-auth', [0]],
      ['by-response', [1]],
      ['by-when', [3]],
      ['by-header', [2, 4]],
    ]);
    expect(graph.steps[4]!.when).not.toBeNull();
    expect(graph.steps[4]!.when!.stepRefs).toEqual(['by-response']);
    expect(graph.steps.filter((s) => s.when !== null).map((s) => s.name)).toEqual(['by-when']);
  });

  it('defaults to sequential, and regular connectors are one step with no dependency', () => {
    expect(connector('plain').execution).toBe('sequential');
    expect(connector('plain').steps.map((s) => s.dependsOn)).toEqual([[], [0]]);
    expect(connector('single').execution).toBe('sequential');
    expect(connector('single').steps.map((s) => [s.dependsOn, s.when])).toEqual([[[], null]]);
  });
});

describe('critical path', () => {
  it('is the longest chain of dependencies, ties to the lowest indices', () => {
    const graph = stepGraphOfConnector(connector('graph'));
    expect(graph.steps.map((s) => s.depth)).toEqual([1, 1, 2, 2, 3, 4]);
    expect(graph.criticalPath).toEqual([1, 3, 4, 5]);
  });

  it('of independent steps is one step; of a chain, every step', () => {
    const independent = buildStepGraph(['a', 'b', 'c'].map((name) => ({ name, method: 'GET' as const, dependsOn: [] })));
    expect(independent.criticalPath).toEqual([0]);
    expect(stepGraphOfConnector(connector('plain')).criticalPath).toEqual([0, 1]);
  });
});

describe('concurrent pairs', () => {
  it('are the pairs where neither step waits for the other, directly or through others', () => {
    const graph = buildStepGraph([
      { name: 'a', method: 'GET', dependsOn: [] },
      { name: 'b', method: 'GET', dependsOn: [] },
      { name: 'c', method: 'GET', dependsOn: [0] },
      { name: 'd', method: 'GET', dependsOn: [2] },
      { name: 'e', method: 'GET', dependsOn: [1, 3] },
    ]);
    expect(concurrentPairs(graph)).toEqual([
      [0, 1],
      [1, 2],
      [1, 3],
    ]);
  });
});
