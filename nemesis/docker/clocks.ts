import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '../../core/errors.js';
import { MAX_OFFSET_MS } from '../clock/offset-file.js';
import { seenFileOf, seenPidIn } from '../clock/seen-file.js';
import type { NodeInfo } from '../../core/runtime.js';
import type { NodeHolder } from './holder/holder.js';
import { clockFileOf } from './layout.js';

// Each node's offset file lives in its folder (its volume), written through the node's holder
// and read by the clock library inside the node's container. Offsets start at 0; a new one goes
// in by rename, so the library never reads a torn number. Beside it, <offset file>.seen is the
// library's record of which offsets the node's program really read: created empty and writable by
// every user (a node may run as postgres), and read back through the holder too, so a clock fault
// is checked the same way on an engine anywhere.

/** How often the record is read again while waiting for a change to show (one docker exec each). */
const SEEN_POLL_MS = 100;

export class NodeClocks {
  private readonly offsets = new Map<string, number>();

  constructor(private readonly holders: ReadonlyMap<string, NodeHolder>) {}

  /** The node's offset file inside its containers. */
  fileOf(info: Pick<NodeInfo, 'dataDir'>): string {
    return clockFileOf(info);
  }

  /** Creates the node's clock folder, writes offset 0 and an empty record. */
  async prepare(info: NodeInfo): Promise<void> {
    const holder = this.holderOf(info.name);
    await holder.own(0, 0, [dirname(clockFileOf(info))]);
    await this.write(info, 0);
    await holder.write(seenFileOf(clockFileOf(info)), '', `create the clock record of ${info.name}`, 0o666);
  }

  async set(info: NodeInfo, ms: number): Promise<void> {
    if (!Number.isFinite(ms) || Math.abs(ms) > MAX_OFFSET_MS) {
      throw new ConfigError('clock offset', `${String(ms)} ms is not a finite number within ±${MAX_OFFSET_MS} ms`);
    }
    await this.write(info, ms);
  }

  /** The offset last written for the node (0 if none). */
  offsetOf(node: string): number {
    return this.offsets.get(node) ?? 0;
  }

  /** Where the node's record ends now (its length in bytes). */
  async mark(info: NodeInfo): Promise<number> {
    return Buffer.byteLength(await this.holderOf(info.name).read(seenFileOf(clockFileOf(info)), 0), 'latin1');
  }

  /** The pid (in its container) of the first process that read `ms` after `mark`, waiting up to `timeoutMs`. */
  async waitForSeen(info: NodeInfo, ms: number, mark: number, timeoutMs: number): Promise<number | undefined> {
    const holder = this.holderOf(info.name);
    const file = seenFileOf(clockFileOf(info));
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const pid = seenPidIn(await holder.read(file, mark), ms);
      if (pid !== undefined) return pid;
      if (performance.now() >= deadline) return undefined;
      await sleep(SEEN_POLL_MS);
    }
  }

  private async write(info: NodeInfo, ms: number): Promise<void> {
    const nanos = BigInt(Math.round(ms * 1_000_000));
    await this.holderOf(info.name).write(clockFileOf(info), `${nanos}\n`, `set the clock offset of ${info.name} to ${ms} ms`);
    this.offsets.set(info.name, ms);
  }

  private holderOf(node: string): NodeHolder {
    const holder = this.holders.get(node);
    if (!holder) throw new ConfigError('node', `no holder for node ${JSON.stringify(node)}`);
    return holder;
  }
}
