import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

// Every live local runtime is written down twice: in a well-known state folder shared by all
// runs on this machine, and in its run folder. A harness can die without a word (SIGKILL, OOM);
// these records are how `faultline heal` finds the processes, cgroups, network namespaces,
// bridge, firewall chain, subnet lease and clock files it left behind. Version 1 records come
// from earlier versions (nodes on loopback addresses, in process groups) and are still healed.

/** The machine-wide state folder: $FAULTLINE_STATE_DIR, else <tmpdir>/faultline-state. */
export function stateDir(): string {
  return process.env.FAULTLINE_STATE_DIR || join(tmpdir(), 'faultline-state');
}

const processIdentitySchema = z.object({ pid: z.number().int().positive(), startTime: z.string() });

const runtimeRecordSchema = z.object({
  version: z.union([z.literal(1), z.literal(2)]),
  id: z.string().regex(/^[0-9]+-[0-9a-f]+$/),
  owner: processIdentitySchema,
  createdAt: z.string(),
  runDir: z.string(),
  block: z.number().int(),
  chain: z.string().startsWith('faultline-'),
  clockDir: z.string(),
  /** Version 2: the runtime's cgroup folder, bridge and node namespaces. */
  cgroup: z.string().optional(),
  bridge: z.string().optional(),
  namespaces: z.array(z.string()).optional(),
  nodes: z.record(z.string(), z.object({ host: z.string(), port: z.number().int(), process: processIdentitySchema.optional() })),
});

/** What a runtime leaves on disk about itself (JSON, one file per runtime). */
export type RuntimeRecord = z.infer<typeof runtimeRecordSchema>;

export interface StoredRecord {
  file: string;
  record: RuntimeRecord;
}

export function runtimesDir(): string {
  return join(stateDir(), 'runtimes');
}

/** The two places a runtime's record lives. */
export function recordFiles(record: Pick<RuntimeRecord, 'id' | 'runDir'>): string[] {
  return [join(runtimesDir(), `${record.id}.json`), join(record.runDir, 'nodes', `faultline-runtime-${record.id}.json`)];
}

/** Writes both copies, each by rename so a reader never sees half a file. */
export function saveRecord(record: RuntimeRecord): void {
  const text = `${JSON.stringify(record, null, 2)}\n`;
  for (const file of recordFiles(record)) {
    mkdirSync(join(file, '..'), { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, text);
    renameSync(partial, file);
  }
}

export function removeRecord(record: Pick<RuntimeRecord, 'id' | 'runDir'>): void {
  for (const file of recordFiles(record)) rmSync(file, { force: true });
}

/** The state folder's record of one runtime, if it is there and readable. */
export function readRecord(runtimeId: string): RuntimeRecord | undefined {
  try {
    return runtimeRecordSchema.parse(JSON.parse(readFileSync(join(runtimesDir(), `${runtimeId}.json`), 'utf8')));
  } catch {
    return undefined;
  }
}

export interface RecordScan {
  records: StoredRecord[];
  /** Files that look like records but cannot be read, with the reason. */
  unreadable: { file: string; problem: string }[];
}

/**
 * Reads every record in the state folder and in the `nodes/` folder of each given run folder,
 * once per runtime id.
 */
export function scanRecords(runDirs: readonly string[] = []): RecordScan {
  const scan: RecordScan = { records: [], unreadable: [] };
  const seen = new Set<string>();
  const sources: [string, RegExp][] = [[runtimesDir(), /^[0-9]+-[0-9a-f]+\.json$/]];
  for (const runDir of runDirs) sources.push([join(runDir, 'nodes'), /^faultline-runtime-[0-9]+-[0-9a-f]+\.json$/]);
  for (const [dir, pattern] of sources) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => pattern.test(n)).sort()) {
      const file = join(dir, name);
      try {
        const record = runtimeRecordSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
        if (seen.has(record.id)) continue;
        seen.add(record.id);
        scan.records.push({ file, record });
      } catch (err) {
        // A runtime that stops while we scan removes its record: that is not a problem.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        scan.unreadable.push({ file, problem: describeProblem(err) });
      }
    }
  }
  return scan;
}

function describeProblem(err: unknown): string {
  if (err instanceof z.ZodError) {
    const issue = err.issues[0];
    return `field "${issue.path.join('.')}": ${issue.message}`;
  }
  return err instanceof Error ? err.message : String(err);
}
