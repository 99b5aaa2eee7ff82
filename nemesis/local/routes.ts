import { readFileSync } from 'node:fs';
import { isPoolBlackhole } from './pool.js';

// The host's IPv4 routing table, read from /proc/net/route, so that a subnet the runtime puts on
// its bridge never hides a network the machine already routes somewhere else, and so that the
// runtime can check, before any node dials, that its subnet leads to its own bridge and nowhere else.

export interface Route {
  /** Interface name. */
  device: string;
  base: number;
  bits: number;
}

/** Every route but the default one. */
export function hostRoutes(): Route[] {
  let text: string;
  try {
    text = readFileSync('/proc/net/route', 'utf8');
  } catch {
    return [];
  }
  const routes: Route[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 8) continue;
    // Little-endian hex: 0100A8C0 is 192.168.0.1.
    const base = Buffer.from(fields[1], 'hex').readUInt32LE(0) >>> 0;
    const mask = Buffer.from(fields[7], 'hex').readUInt32LE(0) >>> 0;
    const bits = mask.toString(2).replace(/0/g, '').length;
    if (bits > 0) routes.push({ device: fields[0], base, bits });
  }
  return routes;
}

export function parseIpv4(address: string): number {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${address}`);
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

/** Whether two prefixes share any address. */
export function overlaps(a: { base: number; bits: number }, b: { base: number; bits: number }): boolean {
  const bits = Math.min(a.bits, b.bits);
  if (bits === 0) return true;
  const mask = (0xffffffff << (32 - bits)) >>> 0;
  return (a.base & mask) >>> 0 === (b.base & mask) >>> 0;
}

/** The routes that cover any part of `subnet` (a.b.c.d/n), the pool's own blackhole aside. */
export function routesInto(subnet: string, routes: readonly Route[] = hostRoutes()): Route[] {
  const [address, bits] = subnet.split('/');
  const net = { base: parseIpv4(address), bits: Number(bits) };
  return routes.filter((route) => overlaps(route, net) && !isPoolBlackhole(route));
}

/**
 * Why packets to `subnet` could go anywhere but `device`, or undefined when every route into it
 * leads to that device. Called once the bridge is up, before any node is started.
 */
export function subnetRouteProblem(subnet: string, device: string, routes: readonly Route[] = hostRoutes()): string | undefined {
  const into = routesInto(subnet, routes);
  if (into.length === 0) return `no route leads to ${subnet}; packets to it would follow the default route off this machine`;
  const elsewhere = into.filter((r) => r.device !== device);
  if (elsewhere.length > 0) return `${subnet} is also routed to ${elsewhere.map((r) => r.device).join(', ')}, not only to the run's bridge ${device}`;
  return undefined;
}
