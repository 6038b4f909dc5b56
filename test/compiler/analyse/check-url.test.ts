// The URL rules (SPEC §1 v2): literal https scheme or a whole-origin variable, the templated-host
// grammar, no userinfo, literal hosts checked with the shared SSRF policy after WHATWG
// normalisation, literal characters that need encoding, and the insecure development switch.
import { describe, expect, it } from 'vitest';
import { checkUrlTemplate } from '../../../compiler/analyse/check-url.js';

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
    expect(check("{{ get_variable('scheme') }}://api.example.com/v1").codes).toEqual(['url-templated-scheme']);
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

  it('reads a backslash as WHATWG does (a path separator), so the host before it is checked; the backslash itself is no valid URL text', () => {
    expect(check('https://10.0.0.1\\{{ path }}')).toMatchObject({ codes: ['url-forbidden-host'], cols: [9] });
    expect(check('https://api.example.com\\{{ path }}')).toMatchObject({ codes: ['url-invalid-character'], cols: [24] });
  });

  it('refuses user:password@ before the host, literal or templated', () => {
    const userinfo = check('https://user:pw@10.0.0.1/x');
    expect(userinfo).toMatchObject({ codes: ['url-userinfo'], cols: [9], origin: null });
    expect(userinfo.diagnostics[0]!.message).not.toContain('pw'); // never repeats the credential
    expect(check('https://token@api.example.com/x').codes).toEqual(['url-userinfo']);
    expect(check("https://{{ get_secret('u') }}@api.example.com/x").codes).toEqual(['url-userinfo']);
    expect(check('https://api.example.com/users/a@b.example')).toMatchObject({ codes: [], origin: 'https://api.example.com' }); // @ in the path is fine
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
  it('accept a host variable as the whole host or one label, left to the run-time check, with no literal origin', () => {
    expect(check("https://{{ get_variable('api_host') }}/v1")).toEqual({ codes: [], cols: [], origin: null, diagnostics: [] });
    expect(check("https://{{ get_variable('region') }}.api.example.com/v1")).toMatchObject({ codes: [], origin: null });
    expect(check("https://api.{{ get_variable('region') }}.example.com/v1").codes).toEqual([]);
    expect(check("https://api.example.{{ get_variable('tld') }}/v1").codes).toEqual([]);
    expect(check("https://{{ get_variable('api_host') }}:8443/v1").codes).toEqual([]);
    expect(check('https://{{get_variable("api_host")}}').codes).toEqual([]);
    expect(check("https://{{- get_variable('api_host') -}}/v1").codes).toEqual([]);
  });

  it("accept default('<literal>') and default('<literal>', true) after the variable", () => {
    expect(check("https://{{ get_variable('host') | default('api.example.com') }}/v1").codes).toEqual([]);
    expect(check("https://{{ get_variable('region') | default('eu', true) }}.api.example.com/v1").codes).toEqual([]);
    expect(check("https://{{ get_variable('region')|default(\"eu\",True) }}.api.example.com/v1").codes).toEqual([]);
    expect(check("https://{{ get_variable('h') | default('it\\'s') }}/v1").codes).toEqual([]);
  });

  it.each([
    ['https://{{ tenant_id }}.api.example.com/v1', '{{ tenant_id }}'],
    ['https://{{ user.company }}.example.com/v1', '{{ user.company }}'],
    ["https://{{ get_variable(name) }}/v1", '{{ get_variable(name) }}'],
    ["https://{{ get_variable('h') | upper }}/v1", "{{ get_variable('h') | upper }}"],
    ["https://{{ get_variable('h') | default(x) }}/v1", "{{ get_variable('h') | default(x) }}"],
    ["https://{{ get_variable('h') | default('x', false) }}/v1", "{{ get_variable('h') | default('x', false) }}"],
    ["https://{{ get_variable('h') | default('x', true, 1) }}/v1", "{{ get_variable('h') | default('x', true, 1) }}"],
    ["https://{{ get_variable('h') if x else 'a.example.com' }}/v1", "{{ get_variable('h') if x else 'a.example.com' }}"],
    ["https://{{ get_variable('h') ~ '.example.com' }}/v1", "{{ get_variable('h') ~ '.example.com' }}"],
    ["https://{{ get_secret('h') }}/v1", "{{ get_secret('h') }}"],
    ["https://api-{{ get_variable('r') }}.example.com/v1", "{{ get_variable('r') }}"], // part of a label
    ["https://api.example.com{{ get_variable('suffix') }}/v1", "{{ get_variable('suffix') }}"],
    ['https://10.0.0.1{{ x }}/v1', '{{ x }}'],
    ["https://{{ get_variable('a') }}.{{ get_variable('b') }}.example.com/v1", "{{ get_variable('b') }}"], // one variable per host
    ["https://{{ get_variable('h') }}:{{ get_variable('port') }}/v1", "{{ get_variable('port') }}"],
    ['https://{% if x %}a{% else %}b{% endif %}.example.com/v1', '{% if x %}'],
  ])('refuse %s, naming the expression', (url, expression) => {
    const result = check(url);
    expect(result.codes).toEqual(['url-host-expression']);
    expect(result.cols).toEqual([url.indexOf(expression) + 1]);
    expect(result.diagnostics[0]!.message).toContain(`\`${expression}\``);
    expect(result.diagnostics[0]!.hint).toContain("get_variable('<name>')");
  });

  it('refuse a comment in the host, even in an otherwise literal one', () => {
    expect(check('https://api{# staging #}.example.com/v1')).toMatchObject({ codes: ['url-host-comment'], cols: [12] });
    expect(check('https://api.example.com{# c #}/v1').codes).toEqual(['url-host-comment']);
    expect(check('https://api.example.com/v1{# a comment in the path is fine #}').codes).toEqual([]);
  });

  it('a templated path or query keeps the literal origin', () => {
    expect(check("https://api.example.com/users/{{ user.id }}?q={{ request.query_parameters.q }}").origin).toBe('https://api.example.com');
    expect(check('https://api.example.com?{{ q }}').origin).toBe('https://api.example.com');
    expect(check('https://api.example.com#{{ frag }}').origin).toBe('https://api.example.com');
  });
});

describe('whole-origin variables', () => {
  it('accept a host variable that is the whole origin, scheme included', () => {
    expect(check("{{ get_variable('instance_url') }}/services/data/v59.0/query")).toMatchObject({ codes: [], origin: null });
    expect(check("{{ get_variable('instance_url') }}")).toMatchObject({ codes: [], origin: null });
    expect(check("{{ get_variable('instance_url') | default('https://login.example.com', true) }}?q=1").codes).toEqual([]);
  });

  it('refuse any other expression there, or a variable that is only part of the origin', () => {
    expect(check('{{ user.instance }}/v1')).toMatchObject({ codes: ['url-host-expression'], cols: [1] });
    expect(check("{{ get_variable('a') ~ '/x' }}/v1").codes).toEqual(['url-host-expression']);
    expect(check("{{ get_variable('sub') }}.example.com/v1").codes).toEqual(['url-host-expression']);
    expect(check("{{ get_variable('a') }}{{ get_variable('b') }}/v1").codes).toEqual(['url-host-expression']);
  });
});

describe('literal characters', () => {
  it.each([
    ['https://api.example.com/a b', 'a space', 26],
    ['https://api.example.com/items?q=a b', 'a space', 34],
    ['https://api.example.com/{{ x }} /b', 'a space', 32],
    ['https://api.example.com/a"b', '\'"\'', 26],
    ['https://api.example.com/<b>', "'<'", 25],
    ['https://api.example.com/a|b', "'|'", 26],
    ['https://api.example.com/a^b', "'^'", 26],
    ['https://api.example.com/a`b', "'`'", 26],
    ['https://api.example.com/{b}', "'{'", 25],
    ['https://api.example.com/a\tb', 'U+0009', 26],
    ['https://api.example.com/100%', "'%'", 28],
    ['https://api.example.com/a%zz', "'%'", 26],
  ])('refuse %j (%s) at its column', (url, what, col) => {
    const result = check(url);
    expect(result.codes).toEqual(['url-invalid-character']);
    expect(result.cols).toEqual([col]);
    expect(result.diagnostics[0]!.message).toContain(what);
  });

  it('accept encoded text, unicode, a fragment, whitespace a tag strips and the trailing newline Jinja2 drops', () => {
    expect(check('https://api.example.com/a%20b?x=%E2%82%AC#frag').codes).toEqual([]);
    expect(check('https://api.example.com/caf\u00e9').codes).toEqual([]);
    expect(check("https://api.example.com/x?a=1&b=2;c=(d)*!$',~").codes).toEqual([]);
    expect(check('https://api.example.com/ {{- x -}} /b').codes).toEqual([]);
    expect(check('https://api.example.com/v1\n').codes).toEqual([]);
    expect(check('https://api.example.com/{{ a }}%{{ b }}').codes).toEqual([]); // the template may complete the escape
  });
});

describe('allowInsecureUpstreams (tests and local development only)', () => {
  it('accepts http:// and private hosts, and still gives the origin', () => {
    expect(check('http://127.0.0.1:8080/v1', true)).toMatchObject({ codes: [], origin: 'http://127.0.0.1:8080' });
    expect(check('https://localhost:8443/v1', true)).toMatchObject({ codes: [], origin: 'https://localhost:8443' });
  });

  it('still refuses a templated scheme, other schemes and unparseable URLs', () => {
    expect(check("{{ get_variable('scheme') }}://127.0.0.1/v1", true).codes).toEqual(['url-templated-scheme']);
    expect(check('{{ base }}/v1', true).codes).toEqual(['url-host-expression']);
    expect(check('ftp://127.0.0.1/x', true).codes).toEqual(['url-not-https']);
    expect(check('http://127.0.0.1:99999/x', true).codes).toEqual(['url-unparseable']);
  });
});
