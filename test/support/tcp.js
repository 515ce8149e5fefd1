// What /proc says of this process's sockets: the tests that check a socket really listens, is
// connected, or was closed read it here rather than trusting the library's own answer.
import { fstatSync, readFileSync, readdirSync, readlinkSync } from './fs.js';

/** States in the `st` column of /proc/net/tcp. */
export const TCP_LISTEN = 0x0a;
export const TCP_TIME_WAIT = 0x06;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The entry of socket `fd` (matched by inode) in /proc/self/net/`table` (tcp, tcp6, udp), or
 * null when the kernel does not list it (a TCP socket only bound, not listening, is not listed).
 * `address` is dotted for IPv4 (the table prints the in-memory u32: 127.0.0.1 reads 0100007F),
 * the table's hex otherwise; `timer` is the `tr` column.
 */
export function procNet(table, fd) {
  const inode = String(fstatSync(fd).ino);
  for (const line of readFileSync(`/proc/self/net/${table}`, 'latin1').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[9] !== inode) continue;
    const [ip, port] = f[1].split(':');
    let address = ip;
    if (ip.length === 8) {
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32LE(parseInt(ip, 16));
      address = [...bytes].join('.');
    }
    return { address, port: parseInt(port, 16), state: parseInt(f[3], 16), timer: parseInt(f[5].split(':')[0], 16) };
  }
  return null;
}

/** The TCP connections in /proc/self/net/tcp whose local port is `port` (not the listener). */
export function tcpOnPort(port) {
  return readFileSync('/proc/self/net/tcp', 'latin1').split('\n').slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length > 9 && parseInt(f[1].split(':')[1], 16) === port)
    .map((f) => ({ state: parseInt(f[3], 16), inode: f[9] }))
    .filter((e) => e.state !== TCP_LISTEN);
}

/** The fds of this process that are sockets with one of `inodes`. */
export function fdsOfInodes(inodes) {
  const wanted = new Set(inodes);
  const found = [];
  for (const name of readdirSync('/proc/self/fd')) {
    let link;
    try {
      link = readlinkSync(`/proc/self/fd/${name}`);
    } catch {
      continue; // the fd of the readdir itself, or one closed meanwhile
    }
    const m = /^socket:\[(\d+)\]$/.exec(link);
    if (m && wanted.has(m[1])) found.push(Number(name));
  }
  return found;
}

/** The fds of this process that are the server side of a TCP connection on local port `port`. */
export const acceptedFds = (port) => fdsOfInodes(tcpOnPort(port).map((e) => e.inode));

/** acceptedFds(port), polled for up to `ms` until none is left (closes may be asynchronous). */
export async function acceptedFdsLeft(port, ms = 500) {
  const until = Date.now() + ms;
  for (;;) {
    const left = acceptedFds(port);
    if (left.length === 0 || Date.now() >= until) return left;
    await sleep(10);
  }
}
