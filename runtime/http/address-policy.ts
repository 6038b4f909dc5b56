// Which upstream addresses Conduit refuses to reach (SSRF policy, SPEC §1 "URL rules").
// A pure leaf module with no I/O: the runtime applies it to every resolved connection address,
// and the compiler applies the very same table to literal hosts (one policy, one definition).
import { BlockList, isIP } from 'node:net';

export type ForbiddenRange =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'multicast'
  | 'reserved'
  | 'metadata';

const v4Ranges: readonly (readonly [string, number, ForbiddenRange])[] = [
  ['0.0.0.0', 8, 'unspecified'], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'cgnat'], // also holds cloud metadata such as 100.100.100.200
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.169.254', 32, 'metadata'], // listed before link-local so the reason is precise
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'], // benchmarking
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'], // includes 255.255.255.255
];

const v6Ranges: readonly (readonly [string, number, ForbiddenRange])[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fd00:ec2::254', 128, 'metadata'], // AWS IMDS over IPv6
  ['fc00::', 7, 'private'], // unique local
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'], // deprecated site-local
  ['ff00::', 8, 'multicast'],
  ['100::', 64, 'reserved'], // discard-only
];

// One list per entry, checked in the order declared above: the first match names the reason.
const orderedLists: readonly (readonly [ForbiddenRange, BlockList, 'ipv4' | 'ipv6'])[] = [
  ...v4Ranges.map(([addr, prefix, range]) => [range, subnet(addr, prefix, 'ipv4'), 'ipv4'] as const),
  ...v6Ranges.map(([addr, prefix, range]) => [range, subnet(addr, prefix, 'ipv6'), 'ipv6'] as const),
];

function subnet(addr: string, prefix: number, family: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  list.addSubnet(addr, prefix, family);
  return list;
}

/** Expands an IPv6 text address into its eight 16-bit groups. */
function ipv6Groups(address: string): number[] {
  let text = address;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  // A trailing dotted quad (::ffff:1.2.3.4) becomes two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups].map((g) => parseInt(g, 16));
}

/**
 * The IPv4 addresses an IPv6 address carries (mapped, compatible, NAT64, 6to4, Teredo), if any.
 * Where the position depends on a prefix length the address does not tell (the NAT64 local-use
 * /48, RFC 6052/8215), every position is decoded: a forbidden one in any of them refuses it.
 */
function embeddedIpv4s(address: string): string[] {
  const g = ipv6Groups(address);
  if (g.length !== 8) return [];
  const quad = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return [quad(g[6]!, g[7]!)]; // ::ffff:a.b.c.d (IPv4-mapped)
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return [quad(g[6]!, g[7]!)]; // ::ffff:0:a.b.c.d (IPv4-translated)
  if (zeros(0, 6) && (g[6] !== 0 || g[7]! > 1)) return [quad(g[6]!, g[7]!)]; // ::a.b.c.d (IPv4-compatible)
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return [quad(g[6]!, g[7]!)]; // 64:ff9b::/96 (NAT64)
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) {
    // 64:ff9b:1::/48 (NAT64 local use): RFC 6052 puts the IPv4 address after a /48, /56, /64 or
    // /96 prefix; octet 8 is always zero and skipped, and the octets after the address are zero.
    const b = g.flatMap((x) => [x >> 8, x & 0xff]);
    const at = (octets: readonly number[], suffixFrom: number): string[] =>
      b[8] === 0 && b.slice(suffixFrom).every((x) => x === 0) ? [octets.map((i) => b[i]!).join('.')] : [];
    const shorter = [...at([6, 7, 9, 10], 11), ...at([7, 9, 10, 11], 12), ...at([9, 10, 11, 12], 13)];
    // Those leave the last 32 bits zero, which as a /96 would only read 0.0.0.0.
    return shorter.length > 0 ? shorter : [quad(g[6]!, g[7]!)];
  }
  if (g[0] === 0x2002) return [quad(g[1]!, g[2]!)]; // 2002::/16 (6to4)
  // 2001::/32 (Teredo): the server's IPv4 address, then the client's with every bit inverted.
  if (g[0] === 0x2001 && g[1] === 0) return [quad(g[2]!, g[3]!), quad(g[6]! ^ 0xffff, g[7]! ^ 0xffff)];
  return [];
}

/** The forbidden range an IP address falls in, or null when it is a public address. Non-IPs give null. */
export function forbiddenRangeOf(address: string): ForbiddenRange | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(bare.split('%')[0]!);
  if (family === 0) return null;
  if (family === 6) {
    for (const v4 of embeddedIpv4s(bare)) {
      const range = forbiddenRangeOf(v4);
      if (range !== null) return range;
    }
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const check = family === 6 ? bare.split('%')[0]! : bare;
  for (const [range, list, listType] of orderedLists) if (listType === type && list.check(check, type)) return range;
  return null;
}

const forbiddenHostNames = new Set(['localhost', 'metadata', 'metadata.google.internal', 'instance-data']);

/**
 * Why a literal URL host (as WHATWG URL parsing normalises it: lower-case, IPv4 shorthand expanded,
 * IPv6 in brackets) must not be used, or null when it may. Host names other than the reserved ones
 * are allowed here; their resolved addresses are checked at connection time.
 */
export function forbiddenHostReason(hostname: string): ForbiddenRange | null {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  if (forbiddenHostNames.has(host)) return 'metadata';
  return forbiddenRangeOf(host);
}
