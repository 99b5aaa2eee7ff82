import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { History } from '../../core/history.js';

// Run folders in temp directories, shaped as the harness writes them, for report tests.

export interface RunFolderSpec {
  history?: History;
  /** Written as results.json unless undefined. */
  results?: unknown;
  /** Merged over a default test.json. */
  test?: Record<string, unknown>;
  /** node name → log text. */
  logs?: Record<string, string>;
  harnessLog?: string;
  /** Raw history text instead of `history` (to test bad files). */
  historyText?: string;
}

export interface TempRunFolder {
  /** runs/<test>/<stamp> inside `root`. */
  dir: string;
  /** The runs folder. */
  root: string;
  remove(): Promise<void>;
}

export const STARTED_AT = '2026-01-02T03:04:05.000Z';

export async function makeRunFolder(spec: RunFolderSpec, testName = 'fixture', stamp = '20260102T030405'): Promise<TempRunFolder> {
  const root = await mkdtemp(join(tmpdir(), 'faultline-report-'));
  const dir = join(root, testName, stamp);
  await addRunFolder(dir, spec);
  return { dir, root, remove: () => rm(root, { recursive: true, force: true }) };
}

export async function addRunFolder(dir: string, spec: RunFolderSpec): Promise<string> {
  await mkdir(join(dir, 'nodes'), { recursive: true });
  const test = {
    config: { name: 'fixture', target: 'memory', workload: 'register', concurrency: 5, seed: 42, nodes: 0, timeLimit: 5000 },
    command: ['/repo/harness/cli.ts', 'test', '--target', 'memory', '--time-limit', '5'],
    startedAt: STARTED_AT,
    faultlineVersion: '0.1.0',
    ...spec.test,
  };
  await writeFile(join(dir, 'test.json'), JSON.stringify(test, null, 2));
  const text = spec.historyText ?? (spec.history ?? []).map((op) => JSON.stringify(op)).join('\n') + ((spec.history ?? []).length ? '\n' : '');
  await writeFile(join(dir, 'history.jsonl'), text);
  if (spec.results !== undefined) await writeFile(join(dir, 'results.json'), JSON.stringify(spec.results, null, 2));
  for (const [node, log] of Object.entries(spec.logs ?? {})) await writeFile(join(dir, 'nodes', `${node}.log`), log);
  if (spec.harnessLog !== undefined) await writeFile(join(dir, 'harness.log'), spec.harnessLog);
  return dir;
}
