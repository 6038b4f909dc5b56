// The repository's own registry/ (the demo `npm start` serves) and the `conduit init` example
// must check with no diagnostic at all, and cover what the demo needs.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkRegistry } from '../../../compiler/check.js';
import { EXAMPLE_FILE_NAME, EXAMPLE_REGISTRY } from '../../../cli/commands/init.js';

const DEMO = fileURLToPath(new URL('../../../registry/', import.meta.url));

describe('registry/ (the demo)', () => {
  it('checks clean without the insecure switch', async () => {
    const result = await checkRegistry(DEMO);
    expect(result.diagnostics).toEqual([]);
    expect(result.registry).not.toBeNull();
  });

  it('has the connectors the demo exercises', async () => {
    const { registry } = await checkRegistry(DEMO);
    const connectors = registry!.connectors;
    const auth = connectors.flatMap((c) => c.steps.map((s) => s.authentication.type));
    expect(auth).toEqual(expect.arrayContaining(['oauth_client_credentials', 'jwt', 'api_key']));
    // An OAuth chain whose later step reads a header of the user step.
    const chain = connectors.find((c) => c.permalink === 'profile-lookup')!;
    expect(chain.steps[0]!.authentication.type).toBe('oauth_client_credentials');
    expect(chain.steps[1]!.headers.some((h) => h.value.stepRefs.includes(chain.steps[0]!.name) && h.value.source.includes('.headers'))).toBe(true);
    // A regular GET with path parameters and overridable query parameters.
    expect(
      connectors.some(
        (c) => c.kind === 'regular' && c.method === 'GET' && c.steps[0]!.url.template.pathParams.length > 0 && c.steps[0]!.queryParameters.some((q) => q.overridable),
      ),
    ).toBe(true);
    // Every upstream host comes from the demo_api_host variable (so the demo can point it anywhere).
    for (const c of connectors) for (const s of c.steps) expect(s.url.template.variableNames, c.permalink).toContain('demo_api_host');
  });
});

describe('conduit init example', () => {
  it('checks clean', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'conduit-init-'));
    try {
      await writeFile(path.join(dir, EXAMPLE_FILE_NAME), EXAMPLE_REGISTRY);
      const result = await checkRegistry(dir);
      expect(result.diagnostics).toEqual([]);
      expect(result.connectorCount).toBe(3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
