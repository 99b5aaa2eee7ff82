import { createHash } from 'node:crypto';
import type { Command, KvKey, KvValue } from '../protocol/messages.js';

// The replicated key-value map. Keys keep their JSON type: 1 and "1" are different keys,
// as they are different keys in a history.

export type ApplyResult = { ok: true; value: unknown } | { ok: false; error: string };

interface Slot {
  key: KvKey;
  value: KvValue;
}

function slotName(key: KvKey): string {
  return typeof key === 'number' ? `n${key}` : `s${key}`;
}

export class KvStateMachine {
  private readonly slots = new Map<string, Slot>();

  read(key: KvKey): KvValue | null {
    return this.slots.get(slotName(key))?.value ?? null;
  }

  apply(command: Command): ApplyResult {
    switch (command.op) {
      case 'noop':
        return { ok: true, value: null };
      case 'write':
        this.slots.set(slotName(command.key), { key: command.key, value: command.value });
        return { ok: true, value: command.value };
      case 'append': {
        const name = slotName(command.key);
        const current = this.slots.get(name);
        const next = current === undefined ? String(command.value) : `${current.value}${command.value}`;
        this.slots.set(name, { key: command.key, value: next });
        return { ok: true, value: command.value };
      }
      case 'cas': {
        const name = slotName(command.key);
        const current = this.slots.get(name);
        // A cas on a missing key never matches: there is no value equal to `from`.
        if (current === undefined || current.value !== command.from) {
          return { ok: false, error: `cas-mismatch: expected ${JSON.stringify(command.from)}, found ${JSON.stringify(current?.value ?? null)}` };
        }
        this.slots.set(name, { key: command.key, value: command.to });
        return { ok: true, value: [command.from, command.to] };
      }
    }
  }

  entries(): Array<[KvKey, KvValue]> {
    return [...this.slots.values()].map((slot) => [slot.key, slot.value]);
  }

  restore(entries: ReadonlyArray<readonly [KvKey, KvValue]>): void {
    this.slots.clear();
    for (const [key, value] of entries) this.slots.set(slotName(key), { key, value });
  }

  get size(): number {
    return this.slots.size;
  }

  /** Order-independent fingerprint, so tests can compare replicas without reading every key. */
  digest(): string {
    const names = [...this.slots.keys()].sort();
    const hash = createHash('sha256');
    for (const name of names) hash.update(`${name}\u0000${JSON.stringify(this.slots.get(name)?.value)}\u0000`);
    return hash.digest('hex').slice(0, 16);
  }
}
