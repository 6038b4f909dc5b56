// The parallel-steps benchmark's scenario (issue 17): four independent GET steps whose upstream
// answers after BENCH_UPSTREAM_DELAY_MS (20 ms), plus a final step that reads all four. The same
// steps twice: once with `execution: parallel` (critical path: 2 steps), once sequential (5).
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const PARALLEL = 'fan-out-parallel';
export const SEQUENTIAL = 'fan-out-sequential';
export const FAN_OUT = 4;

function steps(origin: string): string {
  const independent = Array.from(
    { length: FAN_OUT },
    (_, i) => `
      - name: part${i + 1}
        url: "${origin}/part/${i + 1}"`,
  ).join('');
  const reads = Array.from({ length: FAN_OUT }, (_, i) => `{{ steps.part${i + 1}.status_code }}`).join(',');
  return `${independent}
      - name: final
        url: "${origin}/final?parts=${reads}"`;
}

/** Writes the registry into a fresh temp folder and returns the folder. */
export async function writeRegistry(origin: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'conduit-bench-parallel-'));
  await writeFile(path.join(dir, 'fan-out.yaml'), registryYaml(origin));
  return dir;
}

export function registryYaml(origin: string): string {
  return `composite_connectors:
  - name: Fan out parallel
    permalink: ${PARALLEL}
    execution: parallel
    steps:${steps(origin)}
  - name: Fan out sequential
    permalink: ${SEQUENTIAL}
    steps:${steps(origin)}
`;
}
