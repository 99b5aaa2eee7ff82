import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogEntry } from '../../protocol/messages.js';
import { RaftLog } from '../raft/raft-log.js';
import { LogFile, type LogDurability } from './log-file.js';
import { recoverLog } from './log-recovery.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function folder(): string {
  const path = mkdtempSync(join(tmpdir(), 'raft-kv-log-'));
  folders.push(path);
  return path;
}

function open(dir: string, snapshot: { index: number; term: number } | null, durability: LogDurability = { kind: 'fsync' }) {
  const recovered = recoverLog(dir, snapshot);
  const durable: number[] = [];
  const file = new LogFile(
    recovered,
    durability,
    (index) => durable.push(index),
    (err) => {
      throw err;
    },
  );
  return { recovered, file, log: new RaftLog(recovered.header, recovered.entries, file), durable };
}

const entry = (index: number, term: number): LogEntry => ({ index, term, command: { op: 'write', key: 'k', value: index } });
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

async function untilDurable(log: RaftLog): Promise<void> {
  const deadline = Date.now() + 5000;
  while (log.durableIndex < log.lastIndex && Date.now() < deadline) await settle();
}

type Step =
  | { kind: 'append'; count: number; bump: boolean }
  | { kind: 'truncate'; at: number }
  | { kind: 'compact'; at: number }
  | { kind: 'install'; at: number; sameTerm: boolean }
  | { kind: 'reopen' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('append' as const), count: fc.integer({ min: 1, max: 6 }), bump: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('compact' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('install' as const), at: fc.nat(), sameTerm: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reopen' as const) }) },
);

describe('log file', () => {
  it('after any mix of appends, truncations, compactions, snapshot installs and restarts, the disk holds what memory holds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { maxLength: 40 }),
        fc.constantFrom<LogDurability>({ kind: 'fsync' }, { kind: 'buffered', flushAfterMs: 5 }),
        async (steps, durability) => {
          const dir = folder();
          let snapshot: { index: number; term: number } | null = null;
          let current = open(dir, snapshot, durability);
          let model: LogEntry[] = [];
          let base = { index: 0, term: 0 };
          for (const s of steps) {
            const log = current.log;
            const last = base.index + model.length;
            const lastTerm = model.length ? model[model.length - 1].term : base.term;
            if (s.kind === 'append') {
              const batch = Array.from({ length: s.count }, (_, i) => entry(last + 1 + i, lastTerm + (s.bump ? 1 : 0)));
              log.append(batch);
              model.push(...batch);
            } else if (s.kind === 'truncate' && model.length > 0) {
              const at = base.index + 1 + (s.at % model.length);
              log.truncateFrom(at);
              model = model.slice(0, at - base.index - 1);
            } else if (s.kind === 'compact' && model.length > 0) {
              const at = base.index + 1 + (s.at % model.length);
              snapshot = { index: at, term: model[at - base.index - 1].term };
              log.compactTo(at);
              model = model.slice(at - base.index);
              base = snapshot;
            } else if (s.kind === 'install') {
              const at = last + 1 - (model.length > 0 ? s.at % (model.length + 1) : 0);
              const keep = s.sameTerm && at <= last;
              const term = keep ? (log.term(at) as number) : lastTerm + 1;
              snapshot = { index: at, term };
              log.resetAfterSnapshot(at, term);
              model = keep ? model.slice(at - base.index) : [];
              base = snapshot;
            } else if (s.kind === 'reopen') {
              current.file.close();
              await settle();
              current = open(dir, snapshot, durability);
              expect(current.recovered.header).toEqual({ baseIndex: base.index, baseTerm: base.term });
              expect(current.recovered.entries).toEqual(model);
            }
            expect(current.log.lastIndex).toBe(base.index + model.length);
            expect(current.log.durableIndex).toBeLessThanOrEqual(current.log.lastIndex);
          }
          await untilDurable(current.log);
          expect(current.log.durableIndex).toBe(current.log.lastIndex);
          current.file.close();
          await settle();
          expect(readdirSync(dir).filter((name) => name.endsWith('.wal'))).toHaveLength(1);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a burst of appends in one turn of the event loop is made durable by one sync', async () => {
    const { log, durable, file } = open(folder(), null);
    for (let i = 1; i <= 50; i++) log.append([entry(i, 1)]);
    expect(log.durableIndex).toBe(0);
    await untilDurable(log);
    expect(durable).toEqual([50]);
    file.close();
  });

  it('a torn last entry is cut off at recovery; damage before the end is an error naming the line', async () => {
    const dir = folder();
    const first = open(dir, null);
    first.log.append([entry(1, 1), entry(2, 1)]);
    first.file.close();
    await settle();
    const [name] = readdirSync(dir);
    appendFileSync(join(dir, name), '{"index":3,"ter');
    const second = open(dir, null);
    expect(second.recovered.entries.map((e) => e.index)).toEqual([1, 2]);
    expect(second.recovered.notes.join()).toMatch(/torn/);
    second.log.append([entry(3, 2)]);
    second.file.close();
    await settle();
    expect(open(dir, null).recovered.entries.map((e) => e.term)).toEqual([1, 1, 2]);

    appendFileSync(join(dir, name), 'garbage\n{"index":5,"term":2,"command":{"op":"noop"}}\n');
    expect(() => recoverLog(dir, null)).toThrow(new RegExp(`${name}:5: not a log entry`));
  });
});
