// Socket addresses for CONNECT/BIND/ACCEPT: IP strings and ports in, struct sockaddr_in/_in6 in
// ring memory out (laid out by ring.wasm), and back. Numeric addresses only, as the kernel takes
// them; AsyncRing resolves host names with Node's dns.lookup before it gets here.

import { isIPv4, isIPv6 } from 'node:net';
import type { RingMemory } from '../memory.js';

/** A socket's address as net reports it (socket.address()). */
export interface SocketAddress {
  /** The IP address, as text ('127.0.0.1', '::1'). */
  address: string;
  /** The port. */
  port: number;
  /** Which kind of address. */
  family: 'IPv4' | 'IPv6';
}

/** A sockaddr_in or sockaddr_in6 for `address`:`port`, allocated in `memory`. */
export function encodeAddress(memory: RingMemory, address: string, port: number): Uint8Array {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port must be an integer from 0 to 65535, got ${port}`);
  const w = memory.wasm;
  if (isIPv4(address)) {
    const view = memory.alloc(w.sizeof_sockaddr_in.value, 8);
    const [a, b, c, d] = address.split('.').map(Number) as [number, number, number, number];
    w.sockaddr_in_set(view.byteOffset, ((a << 24) | (b << 16) | (c << 8) | d) >>> 0, port);
    return view;
  }
  if (isIPv6(address)) {
    const view = memory.alloc(w.sizeof_sockaddr_in6.value, 8);
    const [host, zone] = address.split('%') as [string, string | undefined];
    memory.bytes.set(ipv6Bytes(host), w.sockaddr_in6_addr(view.byteOffset));
    w.sockaddr_in6_set(view.byteOffset, port, 0, zone && /^\d+$/.test(zone) ? Number(zone) : 0);
    return view;
  }
  throw new TypeError(`not an IP address: '${address}'`);
}

/** The address in a sockaddr the kernel filled (ACCEPT's peer), or null for another family. */
export function decodeAddress(memory: RingMemory, view: Uint8Array): SocketAddress | null {
  const w = memory.wasm;
  const at = memory.offsetOf(view);
  const family = w.sockaddr_family(at);
  const port = w.sockaddr_port(at);
  if (family === w.AF_INET.value) {
    const a = w.sockaddr_in_addr(at) >>> 0;
    return { address: [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join('.'), port, family: 'IPv4' };
  }
  if (family === w.AF_INET6.value) {
    const from = w.sockaddr_in6_addr(at);
    return { address: ipv6String(memory.bytes.subarray(from, from + 16)), port, family: 'IPv6' };
  }
  return null;
}

/** The 16 bytes of an IPv6 address in text form ('::1', 'fe80::1', '::ffff:1.2.3.4'). */
function ipv6Bytes(text: string): Uint8Array {
  let tail = text;
  const bytes = new Uint8Array(16);
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) tail = text.slice(0, v4.index) + v4[1]!.split('.').map(Number)
    .reduce((groups, n, i) => (i % 2 ? `${groups}${n.toString(16).padStart(2, '0')}` : `${groups}${i ? ':' : ''}${n.toString(16)}`), '');
  const [head, rest] = tail.includes('::') ? tail.split('::') as [string, string] : [tail, undefined];
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    bytes[2 * i] = n >> 8;
    bytes[2 * i + 1] = n & 255;
  });
  return bytes;
}

/** RFC 5952 text of 16 address bytes: lower case, the longest run of zero groups as '::'. */
function ipv6String(bytes: Uint8Array): string {
  const groups = Array.from({ length: 8 }, (_, i) => (bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}
