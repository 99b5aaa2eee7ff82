import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { execaSync } from 'execa';
import { join } from 'node:path';
import { errorMessage } from '../../core/errors.js';
import { writeClockOffset } from '../clock/offset-file.js';
import { blockLockFile, blocksDir, readBlockOwner, releaseDeadBlocks } from './address-block.js';
import { cgroupsRoot, NodeCgroup, removeCgroupTree, removeRootIfEmpty, unifiedMount } from './cgroups.js';
import { removePoolBlackholeIfUnused } from './pool-route.js';
import { chainOwnerPid, listFaultlineChains, removeChain } from './iptables.js';
import {
  blocksWithHostLinks,
  faultlineBridges,
  faultlineNamespaces,
  interfaceOwnerPid,
  namespaceOwnerPid,
  openNodeNetworkSync,
  removeBridgeSync,
  removeHostLinksSync,
  removeNamespaceSync,
  runtimeNamespaces,
} from './node-network.js';
import { groupMembers, isAlive, readProcStat, signalGroup, waitUntil, type ProcessIdentity } from './proc.js';
import { removeRecord, scanRecords, stateDir, type RuntimeRecord } from './registry.js';

// `faultline heal`: undo whatever dead harnesses left behind — node processes (frozen ones
// included), cgroups, network namespaces with their links, bridges, iptables chains, clock
// offsets, subnet leases — found through the records each runtime keeps while it lives, and by
// name for anything a crash left without a record. A runtime whose harness is still alive is left
// alone unless asked, so healing never breaks a run in progress (or a test running next door).

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
  /** Network namespaces deleted (their veth links go with them). */
  namespaces: string[];
  /** Bridges deleted. */
  bridges: string[];
  /** Host-side node links deleted by name (those of a namespace the kernel still held). */
  links: string[];
  /** cgroup folders removed. */
  cgroups: string[];
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
  const report: HealReport = {
    runtimes: [],
    runDirs: [],
    killed: [],
    chains: [],
    namespaces: [],
    bridges: [],
    links: [],
    cgroups: [],
    blocks: [],
    clocks: [],
    live: [],
    problems: [],
  };
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
  openOrphanNamespaces(keptIds);
  await removeOrphanCgroups(keptIds, report);
  removeOrphanNamespaces(keptIds, report);
  resetOrphanClocks(keptIds, report);
  report.blocks.push(...releaseDeadBlocks(leasedBlocks()).filter((b) => !report.blocks.includes(b)));
  removeOrphanBridges(report);
  removeRootIfEmpty();
  removePoolBlackholeIfUnused();
  return report;
}

async function healRuntime(record: RuntimeRecord, report: HealReport): Promise<void> {
  // Links open before the kill, so the killed processes' connections close at once.
  if (record.version === 2) openNodeNetworkSync(record.id);
  if (record.version === 2) {
    // Every process of every node is in the runtime's cgroup, whatever it forked.
    if (record.cgroup) await killCgroupTree(record.cgroup, `runtime ${record.id}`, report);
  } else {
    for (const [name, node] of Object.entries(record.nodes)) {
      if (!node.process) continue;
      try {
        if (await killLeftoverGroup(node.process)) report.killed.push(node.process.pid);
      } catch (err) {
        report.problems.push(`runtime ${record.id} node ${name} (pid ${node.process.pid}): ${errorMessage(err)}`);
      }
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
  for (const ns of new Set([...(record.namespaces ?? []), ...runtimeNamespaces(record.id)])) {
    if (removeNamespaceSync(ns)) report.namespaces.push(ns);
  }
  if (record.bridge && removeBridgeSync(record.bridge)) report.bridges.push(record.bridge);
  if (record.version === 2) report.links.push(...removeHostLinksSync(record.block));
  if (record.cgroup && removeCgroupTree(record.cgroup)) report.cgroups.push(record.cgroup);
  report.clocks.push(...resetClockDir(record.clockDir, report));
  if (record.version === 2 && readBlockOwner(record.block)?.runtimeId === record.id) {
    rmSync(blockLockFile(record.block), { force: true });
    report.blocks.push(record.block);
  }
  if (record.version === 1) releaseLoopbackLease(record);
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

/**
 * Kills every process in a cgroup folder and the folders below it, thawing them so the kill
 * lands, and waits until the kernel says none is left.
 */
async function killCgroupTree(dir: string, owner: string, report: HealReport): Promise<void> {
  const groups = cgroupFolders(dir).map((d) => new NodeCgroup(d));
  const pids = groups.flatMap((g) => g.procs());
  for (const group of groups) {
    try {
      group.killAll();
      group.freeze(false);
    } catch (err) {
      report.problems.push(`${owner}: cannot kill the processes of ${group.dir}: ${errorMessage(err)}`);
    }
  }
  const gone = await waitUntil(() => groups.every((g) => !g.populated()), 5_000, 20);
  if (!gone) report.problems.push(`${owner}: processes ${groups.flatMap((g) => g.procs()).join(', ')} survived SIGKILL for 5 s`);
  report.killed.push(...pids.filter((p) => !report.killed.includes(p)));
}

/** A cgroup folder and every folder below it. */
function cgroupFolders(dir: string): string[] {
  let children: string[] = [];
  try {
    children = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => join(dir, e.name));
  } catch {
    return [];
  }
  return [dir, ...children.flatMap(cgroupFolders)];
}

/** Runtime cgroups (faultline/<pid>-<hex>) without a record, whose creator is gone. */
async function removeOrphanCgroups(kept: ReadonlySet<string>, report: HealReport): Promise<void> {
  if (!unifiedMount()) return;
  const root = cgroupsRoot();
  let ids: string[];
  try {
    ids = readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return;
  }
  for (const id of ids) {
    if (kept.has(id) || !ownerGone(Number(id.split('-')[0]))) continue;
    const dir = join(root, id);
    await killCgroupTree(dir, `cgroup ${dir}`, report);
    if (removeCgroupTree(dir)) report.cgroups.push(dir);
  }
}

/** Namespaces named faultline-<pid>-<hex>-<node> without a live creator (or a kept runtime). */
function orphanNamespaces(kept: ReadonlySet<string>): string[] {
  return faultlineNamespaces().filter((ns) => {
    if ([...kept].some((id) => ns.startsWith(`faultline-${id}-`))) return false;
    const owner = namespaceOwnerPid(ns);
    return owner !== undefined && ownerGone(owner);
  });
}

/** Their rules flushed before their processes are killed, as for a runtime with a record. */
function openOrphanNamespaces(kept: ReadonlySet<string>): void {
  for (const ns of orphanNamespaces(kept)) execaSync('nsenter', [`--net=/run/netns/${ns}`, '--', 'iptables', '-w', '-F', 'INPUT'], { reject: false });
}

function removeOrphanNamespaces(kept: ReadonlySet<string>, report: HealReport): void {
  for (const ns of orphanNamespaces(kept)) {
    if (removeNamespaceSync(ns)) report.namespaces.push(ns);
    else report.problems.push(`namespace ${ns}: ip netns delete failed`);
  }
}

/**
 * Bridges flbr<block> and node links fl<block>v<index> whose runtime is gone: judged by the
 * runtime id in their alias (so a run using another state folder is never touched), or, for one
 * without an alias, by the subnet lease, which a live runtime holds while its bridge exists.
 */
function removeOrphanBridges(report: HealReport): void {
  const alive = (name: string, block: number) => {
    const owner = interfaceOwnerPid(name);
    return owner !== undefined ? !ownerGone(owner) : readBlockOwner(block) !== undefined;
  };
  for (const { bridge, block } of faultlineBridges()) {
    if (alive(bridge, block)) continue;
    if (removeBridgeSync(bridge)) report.bridges.push(bridge);
  }
  for (const block of blocksWithHostLinks()) report.links.push(...removeHostLinksSync(block, (name) => alive(name, block)));
}

/** A version 1 runtime leased a loopback block (127.0.<block>.x) in the state folder's blocks/. */
function releaseLoopbackLease(record: RuntimeRecord): void {
  const file = join(stateDir(), 'blocks', `${record.block}.lock`);
  try {
    if ((JSON.parse(readFileSync(file, 'utf8')) as { runtimeId?: string }).runtimeId === record.id) rmSync(file, { force: true });
  } catch {
    // No lease, or not readable: nothing of ours to release.
  }
}

/** The creator of something named after its pid has ended (a reused pid keeps it, as for chains). */
function ownerGone(pid: number): boolean {
  const stat = readProcStat(pid);
  return stat === undefined || stat.state === 'Z';
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
