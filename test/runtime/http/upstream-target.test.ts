// The URL half of the SSRF guard and the origin/path split: the fast scan must always agree with
// WHATWG URL parsing, and refusals must name their reason.
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../runtime/http/types.js';
import { OriginTable } from '../../../runtime/http/upstream-target.js';

function expected(url: string): { origin: string; path: string } {
  const parsed = new URL(url);
  return { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
}

function refusal(run: () => unknown): UpstreamError {
  try {
    run();
  } catch (err) {
    if (err instanceof UpstreamError) return err;
    throw err;
  }
  throw new Error('expected an UpstreamError');
}

describe('OriginTable.target: origin and path', () => {
  const urls = [
    'https://api.example.com',
    'https://api.example.com/',
    'https://api.example.com?x=1',
    'https://api.example.com/v1/users/42?fields=a,b&sort=-name',
    'https://API.Example.COM:443/v1',
    'HTTPS://api.example.com/v1',
    'https://api.example.com:8443/v1/a%20b',
    'https://api.example.com/v1/../admin',
    'https://api.example.com/v1/./x',
    'https://api.example.com/v1/%2e%2E/x',
    'https://api.example.com/a b?c d',
    'https://api.example.com/a"b<c>?q=\'x\'',
    'https://api.example.com/ünï?q=ç',
    'https://api.example.com/a#fragment',
    'https://api.example.com/a?b#fragment',
    'https://api.example.com\\a\\b',
    'https://api.example.com/a\\b',
    'https:///api.example.com/x',
    'https:api.example.com/x',
    ' https://api.example.com/x ',
    'https://api.example.com/a\t/b',
    'https://api.example.com/[x]|{y}^`z`',
    'https://8.8.8.8/x',
    'https://[2606:4700:4700::1111]:8443/x?y=1',
    'https://api.example.com/q?redirect=/./x&a=%2e',
    "https://api.example.com/it's",
    'https://xn--nxasmq6b.example/x',
    'https://ünicode.example/x',
  ];

  it.each(urls)('%j is split as WHATWG URL parsing reads it', (url) => {
    const table = new OriginTable(false);
    const target = table.target(url);
    expect({ origin: target.state.origin, path: target.path }).toEqual(expected(url));
  });

  it('the same origin spelled differently shares one state (one concurrency count)', () => {
    const table = new OriginTable(false);
    const a = table.target('https://api.example.com/a').state;
    expect(table.target('https://API.example.com:443/b').state).toBe(a);
    expect(table.target('https://api.example.com/a b').state).toBe(a);
    expect(table.target('https://api.example.com:8443/').state).not.toBe(a);
  });

  it('keeps the states of origins with requests in flight when the verdict cache is pruned', () => {
    const table = new OriginTable(false, 2);
    const busy = table.target('https://busy.example.com/').state;
    busy.inflight = 1;
    const idle = table.target('https://idle.example.com/').state;
    for (let i = 0; i < 5; i++) table.target(`https://host${i}.example.com/`);
    expect(table.target('https://busy.example.com/').state).toBe(busy);
    expect(table.target('https://idle.example.com/').state).not.toBe(idle);
  });
});

describe('OriginTable.target: refusals', () => {
  it('refuses http:// without the insecure flag and allows it with the flag', () => {
    const error = refusal(() => new OriginTable(false).target('http://api.example.com/x'));
    expect(error.kind).toBe('blocked-address');
    expect(error.message).toMatch(/must use https/);
    expect(new OriginTable(true).target('http://api.example.com/x').state.origin).toBe('http://api.example.com');
  });

  it.each(['ftp://example.com/x', 'file:///etc/passwd', 'ws://example.com/', 'javascript:alert(1)', 'data:text/plain,x'])(
    'refuses the scheme of %s even with the insecure flag',
    (url) => {
      const error = refusal(() => new OriginTable(true).target(url));
      expect(error.kind).toBe('blocked-address');
      expect(error.message).toMatch(/scheme '.*' is not allowed/);
    },
  );

  it.each([
    ['https://127.0.0.1/x', 'loopback'],
    ['https://127.0.0.1:8443/x', 'loopback'],
    ['https://2130706433/x', 'loopback'],
    ['https://0x7f.1/x', 'loopback'],
    ['https://10.0.0.1/x', 'private'],
    ['https://169.254.169.254/latest/meta-data', 'metadata'],
    ['https://[::1]/x', 'loopback'],
    ['https://[::ffff:127.0.0.1]/x', 'loopback'],
    ['https://[::ffff:7f00:1]/x', 'loopback'],
    ['https://[fd00:ec2::254]/x', 'metadata'],
    ['https://localhost/x', 'loopback'],
    ['https://LOCALHOST./x', 'loopback'],
    ['https://metadata.google.internal/x', 'metadata'],
    ['https://0.0.0.0/x', 'unspecified'],
    ['https://127.0.0.1\\x', 'loopback'],
    ['https://127.0.0.1/../x', 'loopback'],
  ] as const)('refuses the literal host of %s (%s)', (url, range) => {
    const error = refusal(() => new OriginTable(false).target(url));
    expect(error.kind).toBe('blocked-address');
    expect(error.message).toBe(`upstream address is in a forbidden range (${range})`);
  });

  it('allows literal private hosts with the insecure flag', () => {
    const table = new OriginTable(true);
    expect(table.target('http://127.0.0.1:8080/x').state.origin).toBe('http://127.0.0.1:8080');
    expect(table.target('https://[::1]/x').state.origin).toBe('https://[::1]');
  });

  it('refuses a cached refusal again (the verdict is cached, not forgotten)', () => {
    const table = new OriginTable(false);
    expect(refusal(() => table.target('https://10.0.0.1/a')).kind).toBe('blocked-address');
    expect(refusal(() => table.target('https://10.0.0.1/b')).kind).toBe('blocked-address');
  });

  it.each(['https://user:secret@api.example.com/x', 'https://user@api.example.com/x', 'https://user:secret@api.example.com/a b'])(
    'refuses user credentials in %s without repeating them',
    (url) => {
      const error = refusal(() => new OriginTable(false).target(url));
      expect(error.kind).toBe('network');
      expect(error.message).toBe('upstream URL must not contain user credentials');
    },
  );

  it.each(['not a url', 'https://', 'https://exa mple.com/', 'https://example.com:99999/', '/relative/path', ''])(
    'refuses the unusable URL %j',
    (url) => {
      const error = refusal(() => new OriginTable(true).target(url));
      expect(error.kind).toBe('network');
      expect(error.message).toBe('upstream URL is not a valid URL');
    },
  );
});
