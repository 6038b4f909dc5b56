// The request id of SPEC §5: every response carries `X-Request-ID`. A well-formed incoming id
// (a caller or a proxy correlating its own logs) is kept; anything else gets a fresh UUID, so a
// header line or a log field can never be injected through it.
import { randomUUID } from 'node:crypto';

/** 1–128 characters a log line and a header value can carry as they are (UUIDs, ULIDs, trace ids). */
const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function requestIdOf(incoming: string | readonly string[] | undefined): string {
  return typeof incoming === 'string' && WELL_FORMED.test(incoming) ? incoming : randomUUID();
}

export const REQUEST_ID_HEADER = 'X-Request-ID';
