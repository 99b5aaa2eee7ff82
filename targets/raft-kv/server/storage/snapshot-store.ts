import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Snapshot } from '../../protocol/messages.js';
import { replaceFileDurably } from './durable-file.js';

// The latest snapshot, kept in memory as well because a leader sends it to followers that
// fell behind the compacted log.

export class SnapshotStore {
  private readonly path: string;
  private current: Snapshot | null = null;

  constructor(
    dataDir: string,
    private readonly sync: boolean,
  ) {
    this.path = join(dataDir, 'snapshot.json');
  }

  load(): Snapshot | null {
    if (!existsSync(this.path)) return null;
    let parsed: Snapshot;
    try {
      parsed = JSON.parse(readFileSync(this.path, 'utf8')) as Snapshot;
    } catch (err) {
      throw new Error(`${this.path}: not valid JSON (${(err as Error).message})`, { cause: err });
    }
    if (!Number.isSafeInteger(parsed.index) || !Number.isSafeInteger(parsed.term) || !Array.isArray(parsed.data)) {
      throw new Error(`${this.path}: expected {index, term, data}`);
    }
    this.current = parsed;
    return parsed;
  }

  save(snapshot: Snapshot): void {
    replaceFileDurably(this.path, JSON.stringify(snapshot), this.sync);
    this.current = snapshot;
  }

  get latest(): Snapshot | null {
    return this.current;
  }
}
