import type { Key } from '../../core/history.js';

type Value = string | number | null;

interface Version {
  at: number;
  value: Value;
}

/**
 * A single-copy key-value store that remembers recent versions of each key, so the
 * `stale-read` bug can answer from the past the way a lagging replica would.
 */
export class MemoryKvStore {
  private readonly versions = new Map<Key, Version[]>();

  /** `historyMs` 0 keeps only the current value: versions cost time and are only needed for stale reads. */
  constructor(
    private readonly clock: () => number,
    private readonly historyMs = 2_000,
  ) {}

  read(key: Key): Value {
    const versions = this.versions.get(key);
    return versions ? versions[versions.length - 1].value : null;
  }

  /** Some value the key held within the last `windowMs`: what a stale replica might say. */
  readStale(key: Key, pick: (n: number) => number, windowMs: number): Value {
    const versions = this.versions.get(key);
    if (!versions) return null;
    const since = this.clock() - windowMs;
    let first = versions.length - 1;
    while (first > 0 && versions[first].at > since) first--;
    return versions[first + pick(versions.length - first)]?.value ?? versions[versions.length - 1].value;
  }

  write(key: Key, value: Value): void {
    let versions = this.versions.get(key);
    if (!versions) this.versions.set(key, (versions = []));
    const now = this.clock();
    if (this.historyMs === 0) {
      versions[0] = { at: now, value };
      return;
    }
    versions.push({ at: now, value });
    // Drop old versions in one splice rather than one shift each: shifting is linear.
    let old = 0;
    while (old < versions.length - 1 && versions[old].at < now - this.historyMs) old++;
    if (old > 0) versions.splice(0, old);
  }

  cas(key: Key, from: Value, to: Value): boolean {
    if (this.read(key) !== from) return false;
    this.write(key, to);
    return true;
  }

  append(key: Key, value: string): string {
    const current = this.read(key);
    const next = `${current ?? ''}${value}`;
    this.write(key, next);
    return next;
  }
}
