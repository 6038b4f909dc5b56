// Checks on header names and values that auth config renders, so a template cannot inject
// extra header lines or produce a name the HTTP client would reject later with a vaguer error.
import { TemplateRenderError } from '../template/types.js';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Field values may hold visible ASCII, spaces, tabs and obs-text; never CR, LF or NUL.
const FORBIDDEN_IN_VALUE = /[\u0000\r\n]/;

export function assertHeaderName(name: string, what: string): void {
  if (!TOKEN.test(name)) {
    throw new TemplateRenderError('invalid-header-name', `${what} is not a valid HTTP header name`);
  }
}

export function assertHeaderValue(value: string, what: string): void {
  if (FORBIDDEN_IN_VALUE.test(value)) {
    throw new TemplateRenderError('invalid-header-value', `${what} contains a line break or NUL`);
  }
}

export function isSafeHeaderValue(value: string): boolean {
  return !FORBIDDEN_IN_VALUE.test(value);
}
