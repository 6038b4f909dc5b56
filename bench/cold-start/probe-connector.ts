// The connector a cold-start measurement calls: a regular GET whose host comes from the variable
// `probe_host` (so one bundle serves any local upstream port), with a templated header and an
// overridable query parameter, so the first response goes through rendering, the SSRF guard
// (relaxed by --allow-insecure-upstreams) and a real upstream call.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

export const PROBE_PERMALINK = 'cold-start-probe';
export const PROBE_PATH = '/probe';
export const PROBE_HOST_VARIABLE = 'probe_host';

const PROBE_YAML = `# Added by the cold-start measurement: the connector whose first answer is timed.
connectors:
  - name: Cold Start Probe
    permalink: ${PROBE_PERMALINK}
    url: "http://{{ get_variable('${PROBE_HOST_VARIABLE}') }}${PROBE_PATH}"
    method: GET
    headers:
      - key: X-Tenant
        value: "tenant-{{ tenant_id }}"
    query_parameters:
      - key: q
        value: cold
        overridable: true
`;

/** Writes the probe connector into a registry folder (as its own file). */
export async function addProbeConnector(registryDir: string): Promise<void> {
  await writeFile(path.join(registryDir, 'zz-cold-start-probe.yaml'), PROBE_YAML);
}
