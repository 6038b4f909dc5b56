// The soak scenario: a 3-step composite against one local upstream that fails 10% of its calls.
//   1. GET  /auth          -> {"token":"tok-123","team":"t1"}
//   2. GET  /teams/<team>  with Authorization: Bearer <token>  -> {"members":[…]}
//   3. POST /report        JSON body naming the team and the caller's range  -> {"ok":true,"count":3}
// Every FAULT_EVERY-th upstream call fails, the kind rotating through FAULT_KINDS, so exactly 10%
// of upstream calls fail whatever the interleaving of requests.

export const AUTH_BODY = '{"token":"tok-123","team":"t1"}';
export const TEAM_BODY = '{"members":[{"id":1,"name":"Ada"},{"id":2,"name":"Grace"},{"id":3,"name":"Linus"}]}';
export const REPORT_BODY = '{"ok":true,"count":3}';
export const CALLER_PAYLOAD = '{"range":"7d"}';
export const SOAK_PATH = '/api/connectors/composite/soak-report';

export const FAULT_EVERY = 10;

/**
 * reset: the connection is reset before any answer; reset-mid-body: half of an announced body,
 * then a reset; http-500: an error status; slow: the answer comes after the runtime's upstream
 * timeout.
 */
export const FAULT_KINDS = ['reset', 'reset-mid-body', 'http-500', 'slow'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Messages between the soak driver and its child processes (IPC). */
export type ChildMessage =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'memory'; readonly rss: number; readonly heapUsed: number; readonly external: number; readonly arrayBuffers: number }
  | { readonly type: 'report'; readonly unhandledRejections: number; readonly uncaughtExceptions: number }
  | { readonly type: 'upstream-report'; readonly calls: number; readonly faults: Readonly<Record<FaultKind, number>> };

export type DriverMessage = { readonly type: 'memory'; readonly gc: boolean } | { readonly type: 'stop' };
