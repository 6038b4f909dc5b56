import { describe, expect, it } from 'vitest';
import { createMissingSecretReporter } from '../../../runtime/secrets/missing-secret-reporter.js';

describe('createMissingSecretReporter', () => {
  it('warns with the secret name and tenant, never a value, once per interval per (tenant, name)', async () => {
    const lines: { fields: Record<string, unknown>; message: string }[] = [];
    const report = createMissingSecretReporter({ warn: (fields, message) => lines.push({ fields, message }) }, { intervalMs: 50 });
    report('API_KEY', 'acme');
    report('API_KEY', 'acme');
    report('API_KEY', 'beta');
    report('OTHER', null);
    expect(lines).toEqual([
      { fields: { event: 'missing-secret', secret: 'API_KEY', tenant: 'acme' }, message: "secret 'API_KEY' is not in the secret store; the template keeps its expression text" },
      { fields: { event: 'missing-secret', secret: 'API_KEY', tenant: 'beta' }, message: expect.stringContaining("'API_KEY'") },
      { fields: { event: 'missing-secret', secret: 'OTHER', tenant: null }, message: expect.stringContaining("'OTHER'") },
    ]);
    await new Promise((r) => setTimeout(r, 80));
    report('API_KEY', 'acme');
    expect(lines).toHaveLength(4);
  });
});
