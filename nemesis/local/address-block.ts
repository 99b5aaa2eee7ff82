import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { FaultlineError } from '../../core/errors.js';
import { isAlive, type ProcessIdentity } from './proc.js';
import { CHAIN_PREFIX, listFaultlineChainsSync } from './iptables.js';
import { bridgeName, bridgeExists, runtimeNamespaces } from './node-network.js';
import { readRecord, stateDir } from './registry.js';
import { SUBNET_PREFIX } from './pool.js';
import { routesInto } from './routes.js';

// Each local runtime owns one /24 of the private range 10.214.0.0/16, SUBNET_PREFIX.<block>.0/24,
// leased through a lock file in the shared state folder: its bridge takes .1 (the harness's
// address as the nodes see it) and its nodes .2, .3, … Two runtimes alive at the same time, in
// one process or in two, therefore never share a subnet or a bridge name. A block whose /24 the
// machine already routes somewhere (another network, a VPN) is never leased, so the run's
// addresses can only ever lead to its own bridge.

export { SUBNET_PREFIX };
export const FIRST_BLOCK = 1;
export const LAST_BLOCK = 254;
/** .2 to .254: .0 is the network, .1 the bridge, .255 broadcast. */
export const MAX_NODES_PER_BLOCK = 253;

export interface BlockLease {
  block: number;
  file: string;
}

interface LockContent {
  owner: ProcessIdentity;
  runtimeId: string;
}

export function blocksDir(): string {
  // Not "blocks": that folder held the loopback blocks of earlier versions, which runs of those
  // versions on this machine may still lease.
  return join(stateDir(), 'subnets');
}

export function blockLockFile(block: number): string {
  return join(blocksDir(), `${block}.lock`);
}

/** Address of the node at `index` (from 0) in a block. */
export function nodeAddress(block: number, index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_NODES_PER_BLOCK) throw new Error(`node index ${index} is outside 0..${MAX_NODES_PER_BLOCK - 1}`);
  return `${SUBNET_PREFIX}.${block}.${index + 2}`;
}

/** The bridge's address in a block: where the harness's packets to the nodes come from. */
export function gatewayAddress(block: number): string {
  return `${SUBNET_PREFIX}.${block}.1`;
}

export function subnetOf(block: number): string {
  return `${SUBNET_PREFIX}.${block}.0/24`;
}

/**
 * Leases a free block for `runtimeId`. Starts at a random block so that concurrent runtimes
 * rarely contend for the same lock file. The lease of a dead owner is taken over only when that
 * runtime left nothing behind: its partition rules or surviving nodes would otherwise act on the
 * new runtime's addresses (`faultline heal` clears such blocks).
 */
export function acquireAddressBlock(owner: ProcessIdentity, runtimeId: string): BlockLease {
  mkdirSync(blocksDir(), { recursive: true });
  const content = JSON.stringify({ owner, runtimeId } satisfies LockContent);
  const span = LAST_BLOCK - FIRST_BLOCK + 1;
  const start = Math.floor(Math.random() * span);
  let leftovers: LeftoverCheck | undefined;
  let routed = 0;
  for (let i = 0; i < span; i++) {
    const block = FIRST_BLOCK + ((start + i) % span);
    const file = blockLockFile(block);
    // Routed already: another network, or the bridge of a run that is alive or left it behind.
    if (routesInto(subnetOf(block)).length > 0) {
      routed++;
      continue;
    }
    if (tryCreate(file, content)) return { block, file };
    const stale = readLock(file);
    if (!stale || isAlive(stale.owner)) continue;
    leftovers ??= new LeftoverCheck();
    if (leftovers.leftBehind(stale.runtimeId, block)) continue;
    if (removeIfUnchanged(file, stale, runtimeId) && tryCreate(file, content)) return { block, file };
  }
  throw new FaultlineError(
    'RUN_FAILED',
    `nemesis/local: no free /24 in ${SUBNET_PREFIX}.${FIRST_BLOCK}.0 … ${SUBNET_PREFIX}.${LAST_BLOCK}.0 (${routed} routed already, the rest leased ` +
      `in ${blocksDir()}); run \`faultline heal\` to release those of dead runs`,
  );
}

/** Whether a dead runtime still has a firewall chain, a bridge, namespaces or live node processes. */
class LeftoverCheck {
  private chains: Set<string> | undefined;

  leftBehind(runtimeId: string, block: number): boolean {
    this.chains ??= new Set(listFaultlineChainsSync());
    if (this.chains.has(`${CHAIN_PREFIX}${runtimeId}`)) return true;
    if (bridgeExists(bridgeName(block)) || runtimeNamespaces(runtimeId).length > 0) return true;
    const record = readRecord(runtimeId);
    return Object.values(record?.nodes ?? {}).some((node) => node.process !== undefined && isAlive(node.process));
  }
}

/** Gives a block back; only if the lease is still ours. */
export function releaseAddressBlock(lease: BlockLease, runtimeId: string): void {
  const current = readLock(lease.file);
  if (current?.runtimeId === runtimeId) rmSync(lease.file, { force: true });
}

/** Releases every lease whose owner process is gone; returns the blocks freed. */
export function releaseDeadBlocks(blocks: readonly number[]): number[] {
  const freed: number[] = [];
  for (const block of blocks) {
    const file = blockLockFile(block);
    const lock = readLock(file);
    if (lock && !isAlive(lock.owner) && removeIfUnchanged(file, lock, `heal-${process.pid}`)) freed.push(block);
  }
  return freed;
}

export function readBlockOwner(block: number): LockContent | undefined {
  return readLock(blockLockFile(block));
}

function tryCreate(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readLock(file: string): LockContent | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockContent>;
    if (typeof parsed.runtimeId === 'string' && typeof parsed.owner?.pid === 'number') return parsed as LockContent;
  } catch {
    // Missing, or caught between create and write; an unreadable lock is treated as held.
  }
  return undefined;
}

/**
 * Removes a stale lock without racing another process doing the same: the lock is moved aside
 * atomically, and if what was moved turns out to be a fresh lease (someone took over between our
 * read and our move), it is linked back in place.
 */
function removeIfUnchanged(file: string, expected: LockContent, mover: string): boolean {
  const aside = `${file}.stale-${mover}`;
  try {
    renameSync(file, aside);
  } catch {
    return false;
  }
  const moved = readLock(aside);
  if (moved && (moved.runtimeId !== expected.runtimeId || moved.owner.startTime !== expected.owner.startTime)) {
    try {
      linkSync(aside, file);
    } catch {
      // Another lease was created meanwhile; the moved one's owner will notice on release.
    }
    rmSync(aside, { force: true });
    return false;
  }
  rmSync(aside, { force: true });
  return true;
}
