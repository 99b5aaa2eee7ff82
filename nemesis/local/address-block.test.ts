import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultlineError } from '../../core/errors.js';
import { faultPrerequisites } from '../test-support/prerequisites.js';
import {
  FIRST_BLOCK,
  LAST_BLOCK,
  acquireAddressBlock,
  blockLockFile,
  blocksDir,
  gatewayAddress,
  nodeAddress,
  readBlockOwner,
  releaseAddressBlock,
  releaseDeadBlocks,
} from './address-block.js';
import { identify, type ProcessIdentity } from './proc.js';
import { removeRecord, saveRecord, type RuntimeRecord } from './registry.js';

// These tests lease blocks in a private state folder, so filling every block cannot disturb
// runtimes of other test files; nothing here binds the leased addresses.
const privateState = mkdtempSync(join(tmpdir(), 'faultline-state-test-'));
const sharedState = process.env.FAULTLINE_STATE_DIR;
beforeAll(() => {
  process.env.FAULTLINE_STATE_DIR = privateState;
});
afterAll(() => {
  if (sharedState === undefined) delete process.env.FAULTLINE_STATE_DIR;
  else process.env.FAULTLINE_STATE_DIR = sharedState;
  rmSync(privateState, { recursive: true, force: true });
});
afterEach(() => rmSync(blocksDir(), { recursive: true, force: true }));

const me = identify(process.pid) as ProcessIdentity;
/** An owner that has ended: its pid now belongs to another process (this one), started later. */
const dead: ProcessIdentity = { pid: process.pid, startTime: `${me.startTime}0` };

function fillBlocks(owner: (block: number) => ProcessIdentity) {
  mkdirSync(blocksDir(), { recursive: true });
  for (let b = FIRST_BLOCK; b <= LAST_BLOCK; b++) {
    writeFileSync(blockLockFile(b), JSON.stringify({ owner: owner(b), runtimeId: `${owner(b).pid}-b${b}` }));
  }
}

describe('each runtime leases its own /24 of 10.214.0.0/16', () => {
  it('gives two live runtimes different blocks, never block 0, and frees a block on release', () => {
    const a = acquireAddressBlock(me, `${process.pid}-a`);
    const b = acquireAddressBlock(me, `${process.pid}-b`);
    expect(a.block).not.toBe(b.block);
    for (const lease of [a, b]) expect(lease.block).toBeGreaterThanOrEqual(1);
    expect(nodeAddress(a.block, 0)).toBe(`10.214.${a.block}.2`);
    expect(gatewayAddress(a.block)).toBe(`10.214.${a.block}.1`);
    expect(readBlockOwner(a.block)?.runtimeId).toBe(`${process.pid}-a`);
    releaseAddressBlock(b, `${process.pid}-a`);
    expect(readBlockOwner(b.block)).toBeDefined();
    releaseAddressBlock(b, `${process.pid}-b`);
    expect(readBlockOwner(b.block)).toBeUndefined();
  });

  it('takes over the block of a dead owner, and says so clearly when every block is held', () => {
    fillBlocks((b) => (b === 77 ? dead : me));
    expect(acquireAddressBlock(me, `${process.pid}-c`).block).toBe(77);
    expect(() => acquireAddressBlock(me, `${process.pid}-d`)).toThrow(FaultlineError);
    expect(() => acquireAddressBlock(me, `${process.pid}-d`)).toThrow(/no free \/24 in 10\.214\.1\.0 … 10\.214\.254\.0 .* `faultline heal`/);
  });

  it("does not take over a dead owner's block while its nodes still run, or its firewall chain exists", async () => {
    fillBlocks((b) => (b === 77 ? dead : me));
    const deadId = `${dead.pid}-b77`;
    const record: RuntimeRecord = {
      version: 1,
      id: deadId,
      owner: dead,
      createdAt: new Date().toISOString(),
      runDir: join(privateState, 'run'),
      block: 77,
      chain: `faultline-${deadId}`,
      clockDir: join(privateState, 'clock', deadId),
      nodes: { n1: { host: '127.0.77.1', port: 7000, process: me } },
    };
    saveRecord(record);
    expect(() => acquireAddressBlock(me, `${process.pid}-e`)).toThrow(/no free \/24/);
    removeRecord(record);

    const prereq = await faultPrerequisites();
    if (prereq.ok) {
      await execa('iptables', ['-w', '-N', record.chain]);
      try {
        expect(() => acquireAddressBlock(me, `${process.pid}-e`)).toThrow(/no free \/24/);
      } finally {
        await execa('iptables', ['-w', '-X', record.chain]);
      }
    }
    expect(acquireAddressBlock(me, `${process.pid}-e`).block).toBe(77);
  });

  it('releases only the leases of dead owners when healing', () => {
    fillBlocks((b) => (b % 2 === 0 ? dead : me));
    const freed = releaseDeadBlocks([2, 3, 4]);
    expect(freed).toEqual([2, 4]);
    expect(readBlockOwner(3)).toBeDefined();
  });
});
