// application/x-www-form-urlencoded, as token requests use it (RFC 6749 §2.3.1 and Appendix B).

/** One value form-encoded (spaces as '+'), as the client id and secret are before HTTP Basic. */
export function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/** A form body from pairs, leaving out optional parameters that rendered empty. */
export function formBody(pairs: readonly (readonly [string, string | null])[]): string {
  const params = new URLSearchParams();
  for (const [name, value] of pairs) if (value !== null && value !== '') params.append(name, value);
  return params.toString();
}
