// RFC 9110 §5.1: a header field name is a token. Checked once per step for the configured rows
// (./prepared-connector.ts) and per request for the names authentication adds (./step-request.ts).
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function isHeaderName(name: string): boolean {
  return HEADER_NAME.test(name);
}
