// SPEC §2 "Variables and functions, by slot": which top-level names a template may use, for a
// regular connector and for a composite step. The analyser asks here; the messages say where a
// name *is* available so the author knows where to move it.
import type { Slot } from './ir.js';

export type ConnectorKind = 'regular' | 'composite';

export type GlobalName =
  | 'steps'
  | 'request'
  | 'body_text'
  | 'body_raw'
  | 'response'
  | 'pathParams'
  | 'user'
  | 'tenant_id'
  | 'get_secret'
  | 'get_variable'
  | 'jwt_encode'
  | 'now';

interface Availability {
  readonly isFunction: boolean;
  readonly regular: readonly Slot[];
  readonly composite: readonly Slot[];
  /** Said when the name exists only for the other kind of connector. */
  readonly otherKindHint?: string;
}

const ALL: readonly Slot[] = ['url', 'body', 'hdr', 'resp'];

const TABLE: Readonly<Record<GlobalName, Availability>> = {
  steps: {
    isFunction: false,
    regular: [],
    composite: ALL,
    otherKindHint: 'a regular connector makes one call; use a composite connector to chain steps',
  },
  request: {
    isFunction: false,
    regular: [],
    composite: ALL,
    otherKindHint: "in a regular connector the caller's payload is `body_text` / `body_raw`, in request_body",
  },
  body_text: {
    isFunction: false,
    regular: ['body'],
    composite: [],
    otherKindHint: "in a composite connector the caller's payload is `request.body_text`",
  },
  body_raw: {
    isFunction: false,
    regular: ['body'],
    composite: [],
    otherKindHint: "in a composite connector the caller's payload is `request.body_raw`",
  },
  response: { isFunction: false, regular: ['resp'], composite: ['resp'] },
  pathParams: {
    isFunction: false,
    regular: ['url'],
    composite: [],
    otherKindHint: "a composite connector has no path parameters; read the caller's data from `request.*`",
  },
  user: { isFunction: false, regular: ALL, composite: ALL },
  tenant_id: { isFunction: false, regular: ALL, composite: ALL },
  get_secret: { isFunction: true, regular: ['hdr'], composite: ['hdr'] },
  get_variable: { isFunction: true, regular: ALL, composite: ALL },
  jwt_encode: { isFunction: true, regular: ['url', 'body', 'hdr'], composite: ['url', 'body', 'hdr'] },
  now: { isFunction: true, regular: ALL, composite: ALL },
};

export const GLOBAL_NAMES: readonly GlobalName[] = Object.keys(TABLE) as GlobalName[];

/**
 * The variables the runtime puts in a request's template context (the rest of the table are
 * functions). No other name is ever a context variable, so registry templates compile a global's
 * name straight to the global (../template/compile-template.ts contextNames).
 */
export const CONTEXT_VARIABLE_NAMES: readonly GlobalName[] = GLOBAL_NAMES.filter((name) => !TABLE[name].isFunction);

export function isGlobalName(name: string): name is GlobalName {
  return Object.prototype.hasOwnProperty.call(TABLE, name);
}

export function isGlobalFunction(name: GlobalName): boolean {
  return TABLE[name].isFunction;
}

export function isAvailable(name: GlobalName, kind: ConnectorKind, slot: Slot): boolean {
  return TABLE[name][kind].includes(slot);
}

/** Names usable in this slot (for "did you mean" suggestions). */
export function availableNames(kind: ConnectorKind, slot: Slot): GlobalName[] {
  return GLOBAL_NAMES.filter((name) => isAvailable(name, kind, slot));
}

const SLOT_PLACES: Readonly<Record<Slot, readonly string[]>> = {
  url: ['url'],
  body: ['request_body'],
  hdr: ['headers', 'query parameters', 'authentication'],
  resp: ['response_body'],
};

/** "a, b and c" */
export function joinWithAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** How a slot is called in messages: "request_body", "headers, query parameters and authentication". */
export function describeSlot(slot: Slot): string {
  return joinWithAnd(SLOT_PLACES[slot]);
}

export interface NotAvailable {
  readonly message: string;
  readonly hint?: string;
}

/** Why `name` cannot be used here, or null when it can. */
export function whyNotAvailable(name: GlobalName, kind: ConnectorKind, slot: Slot): NotAvailable | null {
  const entry = TABLE[name];
  if (entry[kind].includes(slot)) return null;
  const shown = entry.isFunction ? `${name}()` : name;
  const slotsHere = entry[kind];
  if (slotsHere.length > 0) {
    const places = joinWithAnd(slotsHere.flatMap((s) => SLOT_PLACES[s]));
    return { message: `${shown} is not available in ${describeSlot(slot)}; it is available in ${places}` };
  }
  const other: ConnectorKind = kind === 'regular' ? 'composite' : 'regular';
  const hint = entry.otherKindHint;
  return {
    message: `${shown} is only available in ${other} connectors`,
    ...(hint === undefined ? {} : { hint }),
  };
}
