import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import type Docker from 'dockerode';
import { FaultlineError, errorMessage } from '../../core/errors.js';
import { daemonAddress } from './daemon.js';

// Where the Docker engine is, as far as the harness is concerned. An engine on this machine
// (its unix socket, or a TCP address of this machine) puts the run's bridge here, so the harness
// reaches containers at their own addresses. An engine elsewhere (tcp://, ssh://) puts them
// behind its host: the harness then reaches them only through ports the engine publishes on the
// address the harness already talks to.

export interface Engine {
  /** unix:///var/run/docker.sock, tcp://10.0.0.2:2375, ssh://user@host… */
  address: string;
  /** Whether the engine runs on this machine (shares its network). */
  local: boolean;
  /** The engine host's address as this machine dials it; undefined for a unix socket. */
  host: string | undefined;
}

export async function describeEngine(docker: Docker): Promise<Engine> {
  const modem = docker.modem as { socketPath?: unknown; host?: unknown };
  const address = daemonAddress(docker);
  if (typeof modem.socketPath === 'string' || typeof modem.host !== 'string') return { address, local: true, host: undefined };
  const host = await resolveHost(modem.host, address);
  return { address, local: isLocalAddress(host), host };
}

async function resolveHost(name: string, address: string): Promise<string> {
  if (isIP(name) === 4) return name;
  try {
    return (await lookup(name, { family: 4 })).address;
  } catch (err) {
    throw new FaultlineError(
      'UNSUPPORTED',
      `nemesis/docker: cannot resolve the Docker engine's host ${name} (${address}) to an IPv4 address: ${errorMessage(err)}`,
      { cause: err },
    );
  }
}

/** Loopback, or an address one of this machine's interfaces holds. */
export function isLocalAddress(address: string): boolean {
  if (address.startsWith('127.')) return true;
  return Object.values(networkInterfaces()).some((list) => (list ?? []).some((i) => i.address === address));
}
