// registry.schema.json (for editors) is generated from the zod schemas `conduit check` uses;
// this test fails when the committed copy is stale.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { registryJsonSchema, registryJsonSchemaText } from '../../../compiler/validate/json-schema.js';

const COMMITTED = fileURLToPath(new URL('../../../registry.schema.json', import.meta.url));

describe('registry JSON Schema', () => {
  it('registry.schema.json is up to date', async () => {
    const committed = await readFile(COMMITTED, 'utf8');
    expect(
      committed === registryJsonSchemaText(),
      'registry.schema.json is stale: regenerate it with `node bin/conduit.mjs schema > registry.schema.json`',
    ).toBe(true);
  });

  it('describes the registry file shape with closed objects', () => {
    const schema = registryJsonSchema() as {
      type: string;
      additionalProperties: boolean;
      properties: Record<string, unknown>;
      $defs: Record<string, { additionalProperties?: boolean; required?: string[]; properties?: Record<string, { enum?: string[] }> }>;
    };
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties).sort()).toEqual(['$schema', 'autoescape', 'composite_connectors', 'connectors']);
    const regular = schema.$defs['RegularConnector']!;
    expect(regular.additionalProperties).toBe(false);
    expect(regular.required?.sort()).toEqual(['name', 'url']);
    expect(regular.properties?.['method']?.enum).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
    expect(schema.$defs['CompositeConnector']!.required?.sort()).toEqual(['name', 'steps']);
    expect(schema.$defs['Step']!.required?.sort()).toEqual(['name', 'url']);
    expect(Object.keys(schema.$defs)).toEqual(expect.arrayContaining(['Header', 'QueryParameter', 'Authentication', 'JsonValue']));
  });
});
