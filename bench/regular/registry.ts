// The regular connector of ./scenario.ts as registry YAML (the upstream's port is known only at
// run time, so the file is written per run), for the real compiler to build (../regular.ts).
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { API_VERSION, API_VERSION_HEADER, PERMALINK, UPSTREAM_PATH } from './scenario.js';

export function registryYaml(origin: string): string {
  return `connectors:
  - name: Item List
    permalink: ${PERMALINK}
    url: "${origin}${UPSTREAM_PATH}"
    method: GET
    headers:
      - key: ${API_VERSION_HEADER}
        value: "${API_VERSION}"
    query_parameters:
      - key: limit
        value: "20"
      - key: sort
        value: name
`;
}

/** Writes the registry into a fresh temp folder and returns the folder. */
export async function writeRegistry(origin: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'conduit-bench-regular-'));
  await writeFile(path.join(dir, 'items.yaml'), registryYaml(origin));
  return dir;
}
