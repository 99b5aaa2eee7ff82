import { ConfigError } from '../core/errors.js';
import { PROBE_PORT } from './netns/probe-links.js';
import type { PortRequest } from '../core/runtime.js';

// The numbers a runtime hands out for a target's named ports (ClusterSpec.ports). Every node
// is a host of its own (a network namespace, or a container's), where nothing but the node
// listens: a port is free there when no other port of the node has it and the runtime does not
// use it itself. The fault checks knock on PROBE_PORT and read a reset as "the node answered",
// so a server listening there would make a cut link look open: it is never handed out.

/** Ports of every node that the runtime keeps for itself. */
export const RESERVED_PORTS: ReadonlySet<number> = new Set([PROBE_PORT]);

const PORT_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

/**
 * The number of each named port, the same on every node: a number asked for is checked (a port,
 * not the main one, not taken by another name, not reserved); 'any' gets the first number above
 * the main port that nothing else has. Undefined when no further port was asked for.
 */
export function assignPorts(main: number, requests: Readonly<Record<string, PortRequest>> | undefined): Readonly<Record<string, number>> | undefined {
  if (requests === undefined) return undefined;
  if (requests === null || typeof requests !== 'object' || Array.isArray(requests)) {
    throw new ConfigError('ports', `must map port names to numbers or 'any', got ${JSON.stringify(requests)}`);
  }
  const entries = Object.entries(requests);
  if (entries.length === 0) return undefined;
  const taken = new Map<number, string>([[main, 'the main port']]);
  for (const port of RESERVED_PORTS) taken.set(port, "the runtime's own probe port");
  const assigned: Record<string, number> = Object.create(null);
  for (const [name, request] of entries) {
    if (!PORT_NAME.test(name)) throw new ConfigError(`ports.${name}`, 'a port name is a letter, then letters, digits, _ or - (at most 32)');
    if (request === 'any') continue;
    if (!Number.isInteger(request) || request < 1 || request > 65535) {
      throw new ConfigError(`ports.${name}`, `must be a port from 1 to 65535 or 'any', got ${JSON.stringify(request)}`);
    }
    const holder = taken.get(request);
    if (holder !== undefined) throw new ConfigError(`ports.${name}`, `${request} is already taken by ${holder}; give another number or 'any'`);
    taken.set(request, `port ${JSON.stringify(name)}`);
    assigned[name] = request;
  }
  let next = main;
  for (const [name, request] of entries) {
    if (request !== 'any') continue;
    do next = next >= 65535 ? 1024 : next + 1;
    while (taken.has(next));
    taken.set(next, `port ${JSON.stringify(name)}`);
    assigned[name] = next;
  }
  // In the order the target listed them.
  return Object.freeze(Object.fromEntries(entries.map(([name]) => [name, assigned[name]])));
}
