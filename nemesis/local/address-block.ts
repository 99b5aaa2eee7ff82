import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { FaultlineError } from '../../harness/errors.js';
import { isAlive, type ProcessIdentity } from './proc.js';
import { CHAIN_PREFIX, listFaultlineChainsSync } from './iptables.js';
import { readRecord, stateDir } from './registry.js';

// Each local runtime owns one block of loopback addresses, 127.0.<block>.1 … 127.0.<block>.N,
// leased through a lock file in the shared state folder. Two runtimes alive at the same time, in
// one process or in two, therefore never share an address, whatever ports they pick. Block 0 is
// never leased: 127.0.0.1 is the harness's own address and must stay out of every firewall rule.

export const FIRST_BLOCK = 1;
export const LAST_BLOCK = 254;
export const MAX_NODES_PER_BLOCK = 254;

export interface BlockLease {
  block: number;
  file: string;
}

interface LockContent {
  owner: ProcessIdentity;
  runtimeId: string;
}

export function blocksDir(): string {
  return join(stateDir(), 'blocks');
}

export function blockLockFile(block: number): string {
  return join(blocksDir(), `${block}.lock`);
}

/** Address of the node at `index` (from 0) in a block. */
export function nodeAddress(block: number, index: number): string {
  return `127.0.${block}.${index + 1}`;
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
  for (let i = 0; i < span; i++) {
    const block = FIRST_BLOCK + ((start + i) % span);
    const file = blockLockFile(block);
    if (tryCreate(file, content)) return { block, file };
    const stale = readLock(file);
    if (!stale || isAlive(stale.owner)) continue;
    leftovers ??= new LeftoverCheck();
    if (leftovers.leftBehind(stale.runtimeId)) continue;
    if (removeIfUnchanged(file, stale, runtimeId) && tryCreate(file, content)) return { block, file };
  }
  throw new FaultlineError(
    'RUN_FAILED',
    `nemesis/local: all ${span} loopback address blocks (127.0.${FIRST_BLOCK}.x … 127.0.${LAST_BLOCK}.x) are leased ` +
      `in ${blocksDir()}; run \`faultline heal\` to release those of dead runs`,
  );
}

/** Whether a dead runtime still has a firewall chain or live node processes. */
class LeftoverCheck {
  private chains: Set<string> | undefined;

  leftBehind(runtimeId: string): boolean {
    this.chains ??= new Set(listFaultlineChainsSync());
    if (this.chains.has(`${CHAIN_PREFIX}${runtimeId}`)) return true;
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
