// The runtime's warning when a template asks for a secret the store lacks (SPEC §2: the output
// keeps the expression text). Names the secret and tenant, never a value; repeats at most once
// per interval for the same (tenant, secret) so a busy connector cannot flood the log.
import { LRUCache } from 'lru-cache';

/** The part of a pino logger this needs. */
export interface WarningLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface MissingSecretReporterOptions {
  /** Default 60 000. */
  readonly intervalMs?: number;
}

export type MissingSecretReporter = (name: string, tenantId: string | null) => void;

export function createMissingSecretReporter(logger: WarningLogger, options: MissingSecretReporterOptions = {}): MissingSecretReporter {
  const recent = new LRUCache<string, true>({ max: 10_000, ttl: options.intervalMs ?? 60_000 });
  return (name, tenantId) => {
    const key = `${tenantId ?? ''}\u0000${name}`;
    if (recent.has(key)) return;
    recent.set(key, true);
    logger.warn({ event: 'missing-secret', secret: name, tenant: tenantId }, `secret '${name}' is not in the secret store; the template keeps its expression text`);
  };
}
