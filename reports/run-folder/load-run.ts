import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { z } from 'zod';
import type { ComposedVerdict } from '../../core/verdict.js';
import { errorMessage, FaultlineError } from '../../core/errors.js';
import type { Op } from '../../core/history.js';
import { parseHistoryJsonl } from '../../core/history-reader.js';

// A run folder read for reporting. Every file may be missing or broken (a killed harness,
// a history from elsewhere): the report says what is missing instead of failing.

const testRecordSchema = z.looseObject({
  config: z.record(z.string(), z.unknown()).default({}),
  command: z.array(z.string()).optional(),
  startedAt: z.string().optional(),
  faultlineVersion: z.string().optional(),
});

export type TestRecordView = z.infer<typeof testRecordSchema>;

const resultsSchema = z.looseObject({
  valid: z.union([z.boolean(), z.literal('unknown')]),
  checkers: z.record(z.string(), z.looseObject({ valid: z.union([z.boolean(), z.literal('unknown')]) })).default({}),
  error: z.string().optional(),
  interrupted: z.string().optional(),
});

/** `interrupted`: "interrupted at 13 s of 60 s" when the run was stopped with Ctrl-C. */
export type RunResults = ComposedVerdict & { error?: string; interrupted?: string };

export interface RunFile {
  /** Relative to the run folder, with forward slashes: usable as a link from report.html. */
  path: string;
  bytes: number;
}

export interface RunData {
  dir: string;
  test?: TestRecordView;
  history: Op[];
  results?: RunResults;
  /** Node names with a `nodes/<node>.log`. */
  nodeLogs: string[];
  files: RunFile[];
  /** Files that were missing or unreadable, and tolerated oddities, in words. */
  problems: string[];
}

const MAX_LISTED_FILES = 200;

export async function loadRun(dir: string): Promise<RunData> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new FaultlineError('BAD_ARGUMENT', `run folder ${dir}: not a directory`);
  const problems: string[] = [];
  const run: RunData = { dir, history: [], nodeLogs: [], files: [], problems };

  const test = await readJsonFile(join(dir, 'test.json'), problems);
  if (test !== undefined) {
    const parsed = testRecordSchema.safeParse(test);
    if (parsed.success) run.test = parsed.data;
    else problems.push(`test.json: not a test record (${parsed.error.issues[0]?.message ?? 'bad shape'})`);
  }

  const results = await readJsonFile(join(dir, 'results.json'), problems);
  if (results !== undefined) {
    const parsed = resultsSchema.safeParse(results);
    if (parsed.success) run.results = parsed.data as unknown as RunResults;
    else problems.push(`results.json: not a composed verdict (${describeIssue(parsed.error.issues[0])})`);
  }

  const historyPath = join(dir, 'history.jsonl');
  const text = await readFile(historyPath, 'utf8').catch((err: NodeJS.ErrnoException) => {
    problems.push(err.code === 'ENOENT' ? 'history.jsonl: missing' : `history.jsonl: ${errorMessage(err)}`);
    return undefined;
  });
  if (text !== undefined) {
    try {
      const read = parseHistoryJsonl(text, { file: 'history.jsonl' });
      run.history = read.history;
      problems.push(...read.warnings);
    } catch (err) {
      problems.push(`history could not be read, so it is not drawn: ${errorMessage(err)}`);
    }
  }

  run.files = await listFiles(dir, problems);
  run.nodeLogs = run.files
    .map((f) => /^nodes\/([^/]+)\.log$/.exec(f.path)?.[1])
    .filter((n): n is string => n !== undefined)
    .sort();
  return run;
}

async function readJsonFile(path: string, problems: string[]): Promise<unknown> {
  const name = path.slice(path.lastIndexOf('/') + 1);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    problems.push((err as NodeJS.ErrnoException).code === 'ENOENT' ? `${name}: missing` : `${name}: ${errorMessage(err)}`);
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    problems.push(`${name}: not valid JSON (${errorMessage(err)})`);
    return undefined;
  }
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'bad shape';
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/** The raw files worth linking: the run's own files and the node logs, never the nodes' data folders. */
async function listFiles(dir: string, problems: string[]): Promise<RunFile[]> {
  const files: RunFile[] = [];
  const visit = async (folder: string, depth: number) => {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (files.length >= MAX_LISTED_FILES) return;
      const path = join(folder, entry.name);
      if (entry.isFile()) {
        if (entry.name === 'report.html' || entry.name.endsWith('.tmp')) continue;
        const size = await stat(path).then(
          (s) => s.size,
          () => 0,
        );
        files.push({ path: relative(dir, path).split('\\').join('/'), bytes: size });
      } else if (entry.isDirectory() && depth === 0 && entry.name === 'nodes') {
        await visit(path, depth + 1);
      }
    }
  };
  await visit(dir, 0);
  if (files.length >= MAX_LISTED_FILES) problems.push(`more than ${MAX_LISTED_FILES} files in the run folder; only the first are linked`);
  return files;
}
