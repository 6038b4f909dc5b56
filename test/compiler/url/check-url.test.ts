// The URL rules: literal https scheme, literal hosts checked with the shared SSRF policy after
// WHATWG normalisation, templated hosts left to run time, and the insecure development switch.
import { describe, expect, it } from 'vitest';
import { checkUrlTemplate } from '../../../compiler/url/check-url.js';

/** Positions inside a one-line template: col = offset + 1. */
function check(text: string, allowInsecureUpstreams = false) {
  const result = checkUrlTemplate({ text, file: 'r.yaml', positionAt: (offset) => ({ line: 1, col: offset + 1 }), allowInsecureUpstreams });
  return { codes: result.diagnostics.map((d) => d.code), cols: result.diagnostics.map((d) => d.col), origin: result.literalOrigin, diagnostics: result.diagnostics };
}

describe('scheme', () => {
  it('accepts a literal https:// and gives the origin', () => {
    expect(check('https://api.example.com/v1/items?x={{ user.id }}')).toMatchObject({ codes: [], origin: 'https://api.example.com' });
    expect(check('HTTPS://API.Example.com:8443/v1')).toMatchObject({ codes: [], origin: 'https://api.example.com:8443' });
    expect(check('https://api.example.com:443/')).toMatchObject({ codes: [], origin: 'https://api.example.com' });
  });

  it('refuses http:// (with a hint about the development switch), other schemes and no scheme', () => {
    const http = check('http://api.example.com/v1');
    expect(http).toMatchObject({ codes: ['url-not-https'], cols: [1], origin: null });
    expect(http.diagnostics[0]!.hint).toContain('--allow-insecure-upstreams');
    expect(check('ftp://files.example.com/x').codes).toEqual(['url-not-https']);
    expect(check('wss://stream.example.com').codes).toEqual(['url-not-https']);
    expect(check('api.example.com/v1').codes).toEqual(['url-not-https']);
    expect(check('//api.example.com/v1').codes).toEqual(['url-not-https']);
    expect(check('').codes).toEqual(['url-not-https']);
  });

  it('refuses a scheme produced by a template, whatever the template is', () => {
    expect(check("{{ get_variable('base_url') }}/v1").codes).toEqual(['url-templated-scheme']);
    expect(check("http{{ 's' }}://api.example.com").codes).toEqual(['url-templated-scheme']);
    expect(check('{% if x %}https://a.example.com{% else %}https://b.example.com{% endif %}/v1').codes).toEqual(['url-templated-scheme']);
    expect(check('{# scheme #}https://api.example.com').codes).toEqual(['url-templated-scheme']);
  });
});

describe('literal hosts', () => {
  it.each([
    ['https://localhost/x', 'loopback'],
    ['https://api.localhost/x', 'loopback'],
    ['https://127.0.0.1/x', 'loopback'],
    ['https://2130706433/x', 'loopback'], // decimal IPv4
    ['https://0x7f.1/x', 'loopback'], // hex shorthand
    ['https://017700000001/x', 'loopback'], // octal
    ['https://[::1]/x', 'loopback'],
    ['https://[::ffff:127.0.0.1]/x', 'loopback'], // IPv4-mapped IPv6
    ['https://[::ffff:7f00:1]/x', 'loopback'],
    ['https://10.0.0.8/x', 'private'],
    ['https://172.16.5.4/x', 'private'],
    ['https://192.168.1.1/x', 'private'],
    ['https://[fd00::1]/x', 'private'],
    ['https://169.254.169.254/latest', 'metadata'],
    ['https://metadata.google.internal/x', 'metadata'],
    ['https://169.254.1.1/x', 'link-local'],
    ['https://[fe80::1]/x', 'link-local'],
    ['https://100.64.0.1/x', 'cgnat'],
    ['https://0.0.0.0/x', 'unspecified'],
    ['https://[::]/x', 'unspecified'],
    ['https://224.0.0.1/x', 'multicast'],
    ['https://255.255.255.255/x', 'reserved'],
  ])('refuses %s (%s)', (url, reason) => {
    const result = check(url);
    expect(result.codes).toEqual(['url-forbidden-host']);
    expect(result.diagnostics[0]!.message).toContain(reason);
    expect(result.cols).toEqual([9]); // the host, right after https://
    expect(result.origin).toBeNull();
  });

  it('reads a backslash as WHATWG does (a path separator), so the host before it is checked', () => {
    expect(check('https://10.0.0.1\\{{ path }}')).toMatchObject({ codes: ['url-forbidden-host'], cols: [9] });
    expect(check('https://api.example.com\\{{ path }}')).toMatchObject({ codes: [], origin: 'https://api.example.com' });
  });

  it('points at the host after user:password@', () => {
    expect(check('https://user:pw@10.0.0.1/x')).toMatchObject({ codes: ['url-forbidden-host'], cols: [17] });
  });

  it('accepts public addresses and names', () => {
    expect(check('https://93.184.216.34/x')).toMatchObject({ codes: [], origin: 'https://93.184.216.34' });
    expect(check('https://[2001:db8::1]:8443/x')).toMatchObject({ codes: [], origin: 'https://[2001:db8::1]:8443' });
    expect(check('https://xn--nxasmq6b.example/x').codes).toEqual([]);
  });

  it('refuses what is not a valid origin', () => {
    expect(check('https://api.example.com:99999/x')).toMatchObject({ codes: ['url-unparseable'], cols: [9] });
    expect(check('https://exa mple.com/x').codes).toEqual(['url-unparseable']);
    expect(check('https:///path-only').codes).toEqual(['url-unparseable']);
    expect(check('https://[::1/x').codes).toEqual(['url-unparseable']);
  });
});

describe('templated hosts', () => {
  it('are left to the run-time check, with no literal origin', () => {
    expect(check("https://{{ get_variable('api_host') }}/v1")).toEqual({ codes: [], cols: [], origin: null, diagnostics: [] });
    expect(check('https://{{ tenant_id }}.api.example.com/v1').codes).toEqual([]);
    expect(check("https://api.example.com{{ get_variable('suffix') }}/v1").origin).toBeNull();
    expect(check('https://10.0.0.1{{ x }}/v1').codes).toEqual([]); // the rendered host is checked at run time
  });

  it('a templated path or query keeps the literal origin', () => {
    expect(check("https://api.example.com/users/{{ user.id }}?q={{ request.query_parameters.q }}").origin).toBe('https://api.example.com');
    expect(check('https://api.example.com?{{ q }}').origin).toBe('https://api.example.com');
    expect(check('https://api.example.com#{{ frag }}').origin).toBe('https://api.example.com');
  });
});

describe('allowInsecureUpstreams (tests and local development only)', () => {
  it('accepts http:// and private hosts, and still gives the origin', () => {
    expect(check('http://127.0.0.1:8080/v1', true)).toMatchObject({ codes: [], origin: 'http://127.0.0.1:8080' });
    expect(check('https://localhost:8443/v1', true)).toMatchObject({ codes: [], origin: 'https://localhost:8443' });
  });

  it('still refuses a templated scheme, other schemes and unparseable URLs', () => {
    expect(check("{{ get_variable('base') }}/v1", true).codes).toEqual(['url-templated-scheme']);
    expect(check('ftp://127.0.0.1/x', true).codes).toEqual(['url-not-https']);
    expect(check('http://127.0.0.1:99999/x', true).codes).toEqual(['url-unparseable']);
  });
});
