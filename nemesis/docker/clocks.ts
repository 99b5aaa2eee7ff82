import type { NodeInfo } from '../runtime.js';
import { MAX_OFFSET_MS } from '../clock/offset-file.js';
import { ConfigError } from '../../harness/errors.js';
import type { NodeHolder } from './holder/holder.js';
import { clockFileOf } from './layout.js';

// Each node's offset file lives in its folder (its volume), written through the node's holder
// and read by the clock library inside the node's container. Offsets start at 0; a new one goes
// in by rename, so the library never reads a torn number.

export class NodeClocks {
  private readonly offsets = new Map<string, number>();

  constructor(private readonly holders: ReadonlyMap<string, NodeHolder>) {}

  /** The node's offset file inside its containers. */
  fileOf(info: Pick<NodeInfo, 'dataDir'>): string {
    return clockFileOf(info);
  }

  /** Creates the node's clock folder and writes offset 0. */
  async prepare(info: NodeInfo): Promise<void> {
    const holder = this.holderOf(info.name);
    await holder.own(0, 0, [clockFileOf(info).replace(/\/[^/]+$/, '')]);
    await this.write(info, 0);
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
