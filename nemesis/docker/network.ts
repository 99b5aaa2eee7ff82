import { readFileSync } from 'node:fs';
import type Docker from 'dockerode';
import { FaultlineError } from '../../core/errors.js';
import { engineMessage } from './daemon.js';

// Each run gets a bridge network of its own, with a /24 chosen so that node addresses are known
// before any container exists (a target's command names its peers) and stay the same across a
// kill and restart. On an engine on this machine the network is internal: nodes reach each other
// and the host (the gateway, where the harness is), never anything beyond. An engine elsewhere
// publishes node ports, which it does only on a network that is not internal; that one gets no
// masquerading, and each node's holder refuses connections out of the subnet (egressRules).

/** The range node subnets are taken from, one /24 per run (FAULTLINE_DOCKER_SUBNET_POOL, a /16, overrides it). */
export const SUBNET_POOL = '10.213.0.0/16';
const MAX_ATTEMPTS = 32;

export interface RunNetwork {
  name: string;
  id: string;
  /** e.g. 10.213.7.0/24 */
  subnet: string;
  /** The host's address on the network: where the harness's packets come from. */
  gateway: string;
  /** Address of the i-th node (from 0): .2, .3, … */
  address(index: number): string;
}

/** The largest cluster one network holds (.2 to .254). */
export const MAX_NODES_PER_NETWORK = 253;

export interface RunNetworkOptions {
  /** Internal (nothing routed beyond the engine's host), or able to publish ports. */
  internal: boolean;
  /** Avoid subnets that overlap this machine's routes (the engine's bridge will be here). */
  avoidHostRoutes: boolean;
  /** A /16 to take the /24 from (default SUBNET_POOL). */
  pool?: string;
}

/** The subnet pool in force: FAULTLINE_DOCKER_SUBNET_POOL, else SUBNET_POOL. */
export function subnetPool(explicit?: string): string {
  const pool = explicit ?? (process.env.FAULTLINE_DOCKER_SUBNET_POOL || SUBNET_POOL);
  const parsed = parseCidr(pool);
  if (parsed?.bits !== 16) {
    throw new FaultlineError('BAD_CONFIG', `FAULTLINE_DOCKER_SUBNET_POOL: expected a /16 such as ${SUBNET_POOL}, got ${JSON.stringify(pool)}`);
  }
  return pool;
}

export async function createRunNetwork(docker: Docker, name: string, labels: Record<string, string>, options: RunNetworkOptions): Promise<RunNetwork> {
  const pool = subnetPool(options.pool);
  const taken = [...(options.avoidHostRoutes ? hostRoutes() : []), ...(await dockerSubnets(docker))];
  const candidates = shuffledThirdOctets().filter((third) => !taken.some((net) => overlaps(net, toNet(pool, third))));
  let lastError: unknown;
  for (const third of candidates.slice(0, MAX_ATTEMPTS)) {
    const prefix = `${pool.split('.').slice(0, 2).join('.')}.${third}`;
    const subnet = `${prefix}.0/24`;
    const gateway = `${prefix}.1`;
    try {
      const network = await docker.createNetwork({
        Name: name,
        Driver: 'bridge',
        Internal: options.internal,
        CheckDuplicate: true,
        Labels: labels,
        IPAM: { Driver: 'default', Config: [{ Subnet: subnet, Gateway: gateway }] },
        ...(options.internal ? {} : { Options: { 'com.docker.network.bridge.enable_ip_masquerade': 'false' } }),
      });
      return { name, id: network.id, subnet, gateway, address: (i) => nodeAddress(prefix, i) };
    } catch (err) {
      lastError = err;
      // Another run took this subnet between our look and our create: try the next one.
      if (/overlap/i.test(engineMessage(err))) continue;
      throw new FaultlineError('RUN_FAILED', `nemesis/docker: cannot create the network ${name}: ${engineMessage(err)}`, { cause: err });
    }
  }
  throw new FaultlineError(
    'RUN_FAILED',
    `nemesis/docker: no free /24 left in ${pool} for the network ${name}${lastError ? ` (last refusal: ${engineMessage(lastError)})` : ''}`,
    { cause: lastError },
  );
}

function nodeAddress(prefix: string, index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_NODES_PER_NETWORK) {
    throw new FaultlineError('BAD_ARGUMENT', `nemesis/docker: node index ${index} is outside 0..${MAX_NODES_PER_NETWORK - 1}`);
  }
  return `${prefix}.${index + 2}`;
}

interface Net {
  base: number;
  bits: number;
}

function toNet(pool: string, third: number): Net {
  const [a, b] = pool.split('.').map(Number);
  return { base: ((a << 24) | (b << 16) | (third << 8)) >>> 0, bits: 24 };
}

export function overlaps(x: Net, y: Net): boolean {
  const bits = Math.min(x.bits, y.bits);
  if (bits === 0) return true;
  const mask = (0xffffffff << (32 - bits)) >>> 0;
  return (x.base & mask) >>> 0 === (y.base & mask) >>> 0;
}

export function parseCidr(cidr: string): Net | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!match) return undefined;
  const [a, b, c, d, bits] = match.slice(1).map(Number);
  return { base: ((a << 24) | (b << 16) | (c << 8) | d) >>> 0, bits };
}

/** The host's routes (the default route aside): a subnet on top of one would hide it. */
function hostRoutes(): Net[] {
  let text: string;
  try {
    text = readFileSync('/proc/net/route', 'utf8');
  } catch {
    return [];
  }
  const nets: Net[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 8) continue;
    // Little-endian hex: 0100A8C0 is 192.168.0.1.
    const base = Buffer.from(fields[1], 'hex').readUInt32LE(0);
    const mask = Buffer.from(fields[7], 'hex').readUInt32LE(0);
    const bits = mask.toString(2).replace(/0/g, '').length;
    if (bits > 0) nets.push({ base: base >>> 0, bits });
  }
  return nets;
}

async function dockerSubnets(docker: Docker): Promise<Net[]> {
  const networks = await docker.listNetworks().catch(() => []);
  return networks.flatMap((n) => (n.IPAM?.Config ?? []).map((c) => parseCidr(c.Subnet ?? '')).filter((x): x is Net => x !== undefined));
}

function shuffledThirdOctets(): number[] {
  const thirds = Array.from({ length: 256 }, (_, i) => i);
  for (let i = thirds.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [thirds[i], thirds[j]] = [thirds[j], thirds[i]];
  }
  return thirds;
}
