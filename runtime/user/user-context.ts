// The verified user of a request (SPEC §5 "User context") and its template value `user`.
import { makeProfileFields, markShared } from '../template/values.js';

export interface UserContext {
  /** `sub`; undefined for an anonymous caller. */
  readonly id: string | undefined;
  /** The community/tenant (`tenant_id` claim): secrets, variables and token caches are per tenant. */
  readonly tenantId: string | null;
  /** What templates see as `user` (a dict). Built once per token, so requests only look it up. */
  readonly templateValue: ReadonlyMap<string, unknown>;
}

const STRING_CLAIMS: readonly (readonly [claim: string, field: string])[] = [
  ['sub', 'id'],
  ['email', 'email'],
  ['username', 'username'],
  ['first_name', 'first_name'],
  ['last_name', 'last_name'],
];

function claimText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  // Hosts sometimes issue numeric user ids; templates see them as text, like `sub` normally is.
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Claims of a verified token -> the user context. A claim that is absent (or of the wrong type)
 * leaves its field undefined, so `{{ user.email }}` renders empty rather than failing.
 */
export function userFromClaims(claims: Readonly<Record<string, unknown>>): UserContext {
  const fields = new Map<string, unknown>();
  for (const [claim, field] of STRING_CLAIMS) {
    const text = claimText(claims[claim]);
    if (text !== undefined) fields.set(field, text);
  }
  const profile = claims['profile_fields'];
  fields.set('profile_fields', makeProfileFields(isPlainObject(profile) ? profile : {}));
  const tenant = claimText(claims['tenant_id']);
  // Cached per token and shared by every request carrying it: templates may read it, never change it.
  return { id: claimText(claims['sub']), tenantId: tenant ?? null, templateValue: markShared(fields) };
}

/**
 * The anonymous caller (SPEC §2): every user field is None; `profile_fields` exists but is empty
 * so `user.profile_fields.by_id(N)` renders empty instead of failing.
 */
export const ANONYMOUS_USER: UserContext = {
  id: undefined,
  tenantId: null,
  templateValue: markShared(
    new Map<string, unknown>([
      ...STRING_CLAIMS.map(([, field]) => [field, null] as const),
      ['profile_fields', makeProfileFields({})],
    ]),
  ),
};
