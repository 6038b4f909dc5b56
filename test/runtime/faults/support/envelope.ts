// The SPEC §5 error envelope as the fault tests check it.
import { expect } from 'vitest';

export interface ErrorFields {
  readonly scope: string;
  readonly message: string;
  readonly code?: string;
}

/** The `errors` member of an envelope body; fails the test when the body is not one. */
export function envelopeOf(body: string): ErrorFields {
  const parsed = JSON.parse(body) as { success?: boolean; errors?: ErrorFields; request_id?: string };
  expect(Object.keys(parsed)).toEqual(['success', 'errors', 'request_id']);
  expect(parsed.success).toBe(false);
  expect(parsed.request_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(typeof parsed.errors?.scope).toBe('string');
  expect(typeof parsed.errors?.message).toBe('string');
  return parsed.errors!;
}

/** Asserts status, JSON content type and the exact scope of an error response; returns the fields. */
export async function expectEnvelope(res: Response, status: number, scope: string): Promise<ErrorFields> {
  const body = await res.text();
  expect({ status: res.status, contentType: res.headers.get('content-type') }).toEqual({ status, contentType: 'application/json' });
  const errors = envelopeOf(body);
  expect(errors.scope).toBe(scope);
  return errors;
}
