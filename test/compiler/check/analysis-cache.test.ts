// Identical templates share one clean analysis, but every site keeps its own location, its own
// diagnostics and its own get_secret() positions.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRegistry } from '../../../compiler/check.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'conduit-cache-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function connector(name: string, headerValue: string): string {
  return `  - name: ${name}\n    url: https://api.example.com/${name.toLowerCase()}\n    method: GET\n    headers:\n      - key: X-Value\n        value: "${headerValue}"\n`;
}

describe('repeated templates', () => {
  it('clean ones: each IR has the location of its own value', async () => {
    await writeFile(path.join(dir, 'a.yaml'), `connectors:\n${connector('One', '{{ tenant_id }}')}${connector('Two', '{{ tenant_id }}')}`);
    const { registry, diagnostics } = await checkRegistry(dir);
    expect(diagnostics).toEqual([]);
    const locations = registry!.connectors.map((c) => c.steps[0]!.headers[0]!.value.location.line);
    expect(locations).toEqual([7, 13]);
  });

  it('faulty ones: reported at every site', async () => {
    await writeFile(path.join(dir, 'a.yaml'), `connectors:\n${connector('One', '{{ no_such_thing }}')}${connector('Two', '{{ no_such_thing }}')}`);
    const { diagnostics } = await checkRegistry(dir);
    expect(diagnostics.map((d) => [d.code, d.line, d.col])).toEqual([
      ['template-unknown-variable', 7, 20],
      ['template-unknown-variable', 13, 20],
    ]);
  });

  it('ones with get_secret(): every call keeps its position', async () => {
    await writeFile(path.join(dir, 'a.yaml'), `connectors:\n${connector('One', "{{ get_secret('k') }}")}${connector('Two', "{{ get_secret('k') }}")}`);
    const { secretUses, diagnostics } = await checkRegistry(dir);
    expect(diagnostics).toEqual([]);
    expect(secretUses.map((u) => [u.name, u.line, u.col])).toEqual([
      ['k', 7, 20],
      ['k', 13, 20],
    ]);
  });

  it('ones with get_secret() written in other YAML styles: each position from its own spelling', async () => {
    // The same template text three times: double-quoted, single-quoted (where '' stands for ')
    // and as a block scalar, so the call sits at another column of the file each time.
    const text = `connectors:
  - name: One
    url: https://api.example.com/one
    method: GET
    headers:
      - key: A
        value: "it's {{ get_secret('k') }}"
      - key: B
        value: 'it''s {{ get_secret(''k'') }}'
      - key: C
        value: |-
            it's {{ get_secret('k') }}
`;
    await writeFile(path.join(dir, 'a.yaml'), text);
    const { secretUses, diagnostics, registry } = await checkRegistry(dir);
    expect(diagnostics).toEqual([]);
    expect(secretUses.map((u) => [u.name, u.line, u.col])).toEqual([
      ['k', 7, 25],
      ['k', 9, 26],
      ['k', 12, 21],
    ]);
    expect(registry!.connectors[0]!.steps[0]!.headers.map((h) => h.value.secretNames)).toEqual([['k'], ['k'], ['k']]);
  });
});
