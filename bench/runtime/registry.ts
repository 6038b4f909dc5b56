// The benchmark's connector as registry YAML, compiled by the real compiler (compileAndLoad) so
// the benchmark serves what `conduit serve` and `conduit build` deploy. The upstream's port is
// only known at run time, so the file is written per run with the upstream origin filled in.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const PERMALINK = 'team-report';

/**
 * The 3-step chain of ./scenario.ts: JSON of step 1 feeds the URL and a header of step 2, a
 * header of step 2 and the caller's payload feed step 3. `json_encode` writes the same body
 * text the baseline hard-codes (`{"team": "t1", "range": "7d"}`).
 */
export function registryYaml(origin: string): string {
  return `composite_connectors:
  - name: Team Report
    permalink: ${PERMALINK}
    steps:
      - name: auth
        url: "${origin}/auth"
        method: GET
      - name: team
        url: "${origin}/teams/{{ (steps.auth.body | from_json).team }}"
        method: GET
        headers:
          - key: Authorization
            value: "Bearer {{ (steps.auth.body | from_json).token }}"
      - name: report
        url: "${origin}/report"
        method: POST
        headers:
          - key: X-Page
            value: "{{ steps.team.headers['x-next-page'] }}"
          - key: Content-Type
            value: application/json
        request_body: "{{ {'team': (steps.auth.body | from_json).team, 'range': (request.body_text | from_json).range} | json_encode }}"
`;
}

/** Writes the registry into a fresh temp folder and returns the folder. */
export async function writeRegistry(origin: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'conduit-bench-runtime-'));
  await writeFile(path.join(dir, 'team-report.yaml'), registryYaml(origin));
  return dir;
}
