// The SSRF address table: every range at its edges, the addresses just outside it, and every
// IPv6 form that carries an IPv4 address.
import { describe, expect, it } from 'vitest';
import { forbiddenHostReason, forbiddenRangeOf, type ForbiddenRange } from '../../../runtime/http/address-policy.js';

const forbidden: readonly (readonly [string, ForbiddenRange])[] = [
  // IPv4, first and last address of each range
  ['0.0.0.0', 'unspecified'],
  ['0.255.255.255', 'unspecified'],
  ['10.0.0.0', 'private'],
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['100.64.0.0', 'cgnat'],
  ['100.100.100.200', 'cgnat'],
  ['100.127.255.255', 'cgnat'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.255', 'loopback'],
  ['169.254.169.254', 'metadata'],
  ['169.254.0.0', 'link-local'],
  ['169.254.169.253', 'link-local'],
  ['169.254.255.255', 'link-local'],
  ['172.16.0.0', 'private'],
  ['172.31.255.255', 'private'],
  ['192.0.0.0', 'reserved'],
  ['192.0.0.255', 'reserved'],
  ['192.168.0.0', 'private'],
  ['192.168.255.255', 'private'],
  ['198.18.0.0', 'reserved'],
  ['198.19.255.255', 'reserved'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.255', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'reserved'],
  // IPv6
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['0000:0000:0000:0000:0000:0000:0000:0001', 'loopback'],
  ['fd00:ec2::254', 'metadata'],
  ['fc00::', 'private'],
  ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'private'],
  ['fe80::', 'link-local'],
  ['febf:ffff::1', 'link-local'],
  ['FE80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['fec0::1', 'private'],
  ['feff::1', 'private'],
  ['ff00::', 'multicast'],
  ['ff02::1', 'multicast'],
  ['100::', 'reserved'],
  ['100::ffff:ffff:ffff:ffff', 'reserved'],
  // URL hosts come bracketed
  ['[::1]', 'loopback'],
  ['[fe80::1]', 'link-local'],
];

const publicAddresses: readonly string[] = [
  '1.0.0.0',
  '8.8.8.8',
  '9.255.255.255',
  '11.0.0.0',
  '100.63.255.255',
  '100.128.0.0',
  '126.255.255.255',
  '128.0.0.0',
  '169.253.255.255',
  '169.255.0.0',
  '172.15.255.255',
  '172.32.0.0',
  '192.0.1.0',
  '192.167.255.255',
  '192.169.0.0',
  '198.17.255.255',
  '198.20.0.0',
  '223.255.255.255',
  '2606:4700:4700::1111',
  '2001:4860:4860::8888',
  'fbff:ffff::1',
  'fe00::1',
  '100:0:0:1::',
  '[2606:4700:4700::1111]',
];

// Every way an IPv6 address can carry an IPv4 one, each pointing at a forbidden IPv4 range.
const embedded: readonly (readonly [string, ForbiddenRange])[] = [
  ['::ffff:127.0.0.1', 'loopback'], // IPv4-mapped, dotted
  ['::ffff:7f00:1', 'loopback'], // IPv4-mapped, hex
  ['[::ffff:127.0.0.1]', 'loopback'],
  ['0:0:0:0:0:ffff:7f00:0001', 'loopback'],
  ['::FFFF:A9FE:A9FE', 'metadata'],
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:169.254.169.254', 'metadata'],
  ['::ffff:100.64.0.1', 'cgnat'],
  ['::ffff:224.0.0.1', 'multicast'],
  ['::ffff:0.0.0.0', 'unspecified'],
  ['::ffff:0:10.0.0.1', 'private'], // IPv4-translated
  ['::ffff:0:7f00:1', 'loopback'],
  ['::127.0.0.1', 'loopback'], // IPv4-compatible (deprecated)
  ['::a00:1', 'private'],
  ['::0.0.0.2', 'unspecified'],
  ['64:ff9b::169.254.169.254', 'metadata'], // NAT64 well-known prefix
  ['64:ff9b::7f00:1', 'loopback'],
  ['64:ff9b::c0a8:101', 'private'],
  ['64:ff9b:1::7f00:1', 'loopback'], // NAT64 local-use prefix (RFC 8215), IPv4 address in the last 32 bits
  ['64:ff9b:1::a9fe:a9fe', 'metadata'],
  ['64:ff9b:1:7f00:0:100::', 'loopback'], // the same prefix as a /48: 127.0.0.1 around the zero octet 8
  ['64:ff9b:1:a:0:1::', 'private'], // as a /56: 10.0.0.1
  ['64:ff9b:1:0:c0:a801:100::', 'private'], // as a /64: 192.168.1.1
  ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback'], // Teredo: client 127.0.0.1 with its bits inverted
  ['2001:0:4136:e378:8000:63bf:f5ff:fffe', 'private'], // Teredo client 10.0.0.1
  ['2001:0:a9fe:a9fe:8000:63bf:3fff:fdd2', 'metadata'], // Teredo server 169.254.169.254
  ['2002:7f00:1::', 'loopback'], // 6to4
  ['2002:c0a8:0101::1', 'private'],
  ['2002:a9fe:a9fe::', 'metadata'],
];

const embeddedPublic: readonly string[] = [
  '::ffff:8.8.8.8',
  '::ffff:808:808',
  '64:ff9b::8.8.8.8',
  '64:ff9b:1::8.8.8.8', // NAT64 local use, /96
  '64:ff9b:1:808:8:800::', // NAT64 local use, /48: 8.8.8.8
  '2001:0:4136:e378:8000:63bf:f7f7:f7f7', // Teredo: server 65.54.227.120, client 8.8.8.8
  '2002:808:808::1',
  '::8.8.8.8',
];

describe('forbiddenRangeOf', () => {
  it.each(forbidden)('%s is %s', (address, range) => {
    expect(forbiddenRangeOf(address)).toBe(range);
  });

  it.each(publicAddresses)('%s is public', (address) => {
    expect(forbiddenRangeOf(address)).toBeNull();
  });

  it.each(embedded)('%s carries a %s IPv4 address', (address, range) => {
    expect(forbiddenRangeOf(address)).toBe(range);
  });

  it.each(embeddedPublic)('%s carries a public IPv4 address', (address) => {
    expect(forbiddenRangeOf(address)).toBeNull();
  });

  it.each(['example.com', '', '1.2.3', '256.1.1.1', 'localhost', '::g'])('%j is not an IP address: null', (text) => {
    expect(forbiddenRangeOf(text)).toBeNull();
  });
});

describe('forbiddenHostReason (literal URL hosts)', () => {
  it.each([
    ['localhost', 'loopback'],
    ['LOCALHOST', 'loopback'],
    ['localhost.', 'loopback'],
    ['api.localhost', 'loopback'],
    ['metadata', 'metadata'],
    ['metadata.google.internal', 'metadata'],
    ['metadata.google.internal.', 'metadata'],
    ['instance-data', 'metadata'],
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['169.254.169.254', 'metadata'],
    ['[::1]', 'loopback'],
    ['[::ffff:127.0.0.1]', 'loopback'],
  ] as const)('%s is refused as %s', (host, range) => {
    expect(forbiddenHostReason(host)).toBe(range);
  });

  it.each(['example.com', 'api.example.com', 'mylocalhost.com', 'localhost.example.com', '8.8.8.8', '[2606:4700:4700::1111]'])(
    '%s is allowed (names are checked again after DNS resolution)',
    (host) => {
      expect(forbiddenHostReason(host)).toBeNull();
    },
  );

  it('agrees with WHATWG URL normalisation of IPv4 shorthand and octal forms', () => {
    // URL parsing turns these into 127.0.0.1 before the policy sees the host.
    for (const spelled of ['https://2130706433/', 'https://0x7f.1/', 'https://0177.0.0.1/', 'https://127.1/']) {
      expect(forbiddenHostReason(new URL(spelled).hostname)).toBe('loopback');
    }
  });
});
