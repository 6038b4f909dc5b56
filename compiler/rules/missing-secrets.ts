// `conduit check --secrets FILE`: one error per get_secret() call whose name the secrets file
// does not provide for every tenant, at the call's position (the analysis records each call).
import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SecretUse } from '../analyse/template-site.js';
import type { SecretsPresence } from '../load/secrets-file.js';

export function missingSecrets(uses: readonly SecretUse[], secrets: SecretsPresence): Diagnostic[] {
  return uses
    .filter((use) => !secrets.has(use.name))
    .map((use) =>
      createDiagnostic(
        'missing-secret',
        use,
        `secret '${use.name}' is not in the secrets file`,
        'add it under "default" (or under every tenant in "tenants"); until then the request carries the literal template text',
      ),
    );
}

