// `authentication: {type: none}`: nothing is added to the request.
import type { AppliedAuth } from './types.js';

export const NO_AUTH: AppliedAuth = Object.freeze({ headers: Object.freeze([]), query: Object.freeze([]) });

export function applyNone(): AppliedAuth {
  return NO_AUTH;
}
