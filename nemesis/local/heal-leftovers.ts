import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../../harness/errors.js';
import { writeClockOffset } from '../clock/offset-file.js';
import { blockLockFile, blocksDir, readBlockOwner, releaseDeadBlocks } from './address-block.js';
import { chainOwnerPid, listFaultlineChains, removeChain } from './iptables.js';
import { groupMembers, isAlive, readProcStat, signalGroup, waitUntil, type ProcessIdentity } from './proc.js';
import { removeRecord, scanRecords, stateDir, type RuntimeRecord } from './registry.js';

// `faultline heal`: undo whatever dead harnesses left behind — node processes (stopped ones
// included), iptables chains, clock offsets, address leases — found through the records each
// runtime keeps while it lives. A runtime whose harness is still alive is left alone unless
// asked, so healing never breaks a run in progress (or a test running next door).

export interface HealOptions {
  /** Run folders whose nodes/faultline-runtime-*.json records are considered too. */
  runDirs?: readonly string[];
  /** Also tear down runtimes whose harness is still alive (default false). */
  includeLive?: boolean;
}

/** What was undone; the CLI prints it. */
export interface HealReport {
  /** Runtime ids cleaned up. */
  runtimes: string[];
  /** The run folders of the runtimes cleaned up (a target may have left more there: HasLeftovers). */
  runDirs: string[];
  /** Process group ids killed. */
  killed: number[];
  /** iptables chains removed, with their jump rules. */
  chains: string[];
  /** Address blocks (127.0.<block>.x) released. */
  blocks: number[];
  /** Clock offset files reset to 0 and removed. */
  clocks: string[];
  /** Runtimes left alone because their harness is alive. */
  live: { id: string; ownerPid: number }[];
  /** What could not be done, and why. */
  problems: string[];
}

export async function healLeftovers(options: HealOptions = {}): Promise<HealReport> {
  const report: HealReport = { runtimes: [], runDirs: [], killed: [], chains: [], blocks: [], clocks: [], live: [], problems: [] };
  const scan = scanRecords(options.runDirs ?? []);
  for (const bad of scan.unreadable) report.problems.push(`unreadable runtime record ${bad.file}: ${bad.problem}`);

  const keptChains = new Set<string>();
  const keptIds = new Set<string>();
  for (const { record } of scan.records) {
    if (isAlive(record.owner) && !options.includeLive) {
      report.live.push({ id: record.id, ownerPid: record.owner.pid });
      keptChains.add(record.chain);
      keptIds.add(record.id);
      continue;
    }
    await healRuntime(record, report);
  }

  await removeOrphanChains(keptChains, options.includeLive ?? false, report);
  resetOrphanClocks(keptIds, report);
  report.blocks.push(...releaseDeadBlocks(leasedBlocks()).filter((b) => !report.blocks.includes(b)));
  return report;
}

async function healRuntime(record: RuntimeRecord, report: HealReport): Promise<void> {
  for (const [name, node] of Object.entries(record.nodes)) {
    if (!node.process) continue;
    try {
      if (await killLeftoverGroup(node.process)) report.killed.push(node.process.pid);
    } catch (err) {
      report.problems.push(`runtime ${record.id} node ${name} (pid ${node.process.pid}): ${errorMessage(err)}`);
    }
  }
  try {
    if ((await listFaultlineChains()).includes(record.chain)) {
      await removeChain(record.chain);
      report.chains.push(record.chain);
    }
  } catch (err) {
    report.problems.push(`runtime ${record.id} chain ${record.chain}: ${errorMessage(err)}`);
  }
  report.clocks.push(...resetClockDir(record.clockDir, report));
  if (readBlockOwner(record.block)?.runtimeId === record.id) {
    rmSync(blockLockFile(record.block), { force: true });
    report.blocks.push(record.block);
  }
  removeRecord(record);
  report.runtimes.push(record.id);
  if (!report.runDirs.includes(record.runDir)) report.runDirs.push(record.runDir);
}

/**
 * Kills what is left of a node's process group. Stopped members are continued first so that
 * nothing stays frozen should the kill not reach it.
 */
async function killLeftoverGroup(leader: ProcessIdentity): Promise<boolean> {
  const pgid = leader.pid;
  const leaderStat = readProcStat(pgid);
  // A different process under the leader's pid that leads a group of that id is a new group,
  // not ours. Otherwise every live member of the group is what our node left.
  if (leaderStat && leaderStat.startTime !== leader.startTime && leaderStat.pgrp === pgid) return false;
  if (groupMembers(pgid).length === 0) return false;
  signalGroup(pgid, 'SIGCONT');
  signalGroup(pgid, 'SIGKILL');
  const gone = await waitUntil(() => groupMembers(pgid).length === 0, 5_000, 20);
  if (!gone) throw new Error(`process group ${pgid} survived SIGKILL for 5 s`);
  return true;
}

async function removeOrphanChains(kept: ReadonlySet<string>, includeLive: boolean, report: HealReport): Promise<void> {
  let chains: string[];
  try {
    chains = await listFaultlineChains();
  } catch (err) {
    report.problems.push(`cannot list iptables chains: ${errorMessage(err)}`);
    return;
  }
  for (const chain of chains) {
    if (kept.has(chain) || report.chains.includes(chain)) continue;
    // No record: judge by the creator's pid in the name. Without its start time a reused pid
    // may keep a dead run's chain alive until the next heal; the opposite error would cut a live run.
    const owner = chainOwnerPid(chain);
    const ownerLives = owner !== undefined && readProcStat(owner) !== undefined && readProcStat(owner)?.state !== 'Z';
    if (ownerLives && !includeLive) continue;
    try {
      await removeChain(chain);
      report.chains.push(chain);
    } catch (err) {
      report.problems.push(`chain ${chain}: ${errorMessage(err)}`);
    }
  }
}

function resetOrphanClocks(kept: ReadonlySet<string>, report: HealReport): void {
  const root = join(stateDir(), 'clock');
  let ids: string[];
  try {
    ids = readdirSync(root);
  } catch {
    return;
  }
  for (const id of ids) {
    if (kept.has(id)) continue;
    const owner = Number(id.split('-')[0]);
    const stat = readProcStat(owner);
    if (stat && stat.state !== 'Z') continue;
    report.clocks.push(...resetClockDir(join(root, id), report));
  }
}

function resetClockDir(dir: string, report: HealReport): string[] {
  const reset: string[] = [];
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.offset'));
  } catch {
    return reset;
  }
  for (const file of files) {
    try {
      writeClockOffset(join(dir, file), 0);
      reset.push(join(dir, file));
    } catch (err) {
      report.problems.push(`clock file ${join(dir, file)}: ${errorMessage(err)}`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return reset;
}

function leasedBlocks(): number[] {
  try {
    return readdirSync(blocksDir())
      .map((f) => /^([0-9]+)\.lock$/.exec(f)?.[1])
      .filter((b): b is string => b !== undefined)
      .map(Number);
  } catch {
    return [];
  }
}
