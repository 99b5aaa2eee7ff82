import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { execa } from 'execa';
import { afterAll } from 'vitest';
import { cliCommand } from '../../../harness/test-support/cli-process.js';
import { LABEL, labelFilter } from '../labels.js';
import { removeRun } from '../remove-run.js';

// `faultline test …` as a user types it, in a child process, for the Docker end-to-end tests:
// its exit code, output, run folder and test.json, and whatever it left in Docker (removed
// before the caller asserts anything, so a failing run leaves nothing behind either).

export interface CliRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  /** The run folder (from --json's `run`), when the run got that far. */
  runDir: string | undefined;
  verdict: { valid: unknown; [key: string]: unknown } | undefined;
  /** Docker objects of this harness process still there after it ended. */
  leftovers: { runs: string[]; containers: number; volumes: number; networks: number };
}

/** Folders runCli made for runs with no cwd of the caller's; removed when the test file ends. */
const madeFolders: string[] = [];
afterAll(() => {
  for (const folder of madeFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

export async function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number; docker?: Docker } = {},
): Promise<CliRun> {
  let cwd = options.cwd;
  if (cwd === undefined) {
    cwd = mkdtempSync(join(tmpdir(), 'faultline-docker-cli-'));
    madeFolders.push(cwd);
  }
  const [node, argv] = cliCommand([...args, '--json']);
  const child = execa(node, argv, { cwd, reject: false, timeout: options.timeoutMs ?? 240_000, env: options.env });
  const result = await child;
  const docker = options.docker ?? new Docker();
  const leftovers = await leftoversOf(docker, child.pid);
  for (const id of leftovers.runs) await removeRun(docker, id);
  let verdict: CliRun['verdict'];
  try {
    verdict = JSON.parse(result.stdout) as CliRun['verdict'];
  } catch {
    verdict = undefined;
  }
  const runDir = typeof verdict?.run === 'string' ? realpathSync(verdict.run) : undefined;
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, runDir, verdict, leftovers };
}

export function readRunFile(run: CliRun, file: string): string {
  if (!run.runDir) throw new Error(`the run left no folder (exit ${run.exitCode}): ${run.stderr}`);
  return readFileSync(join(run.runDir, file), 'utf8');
}

async function leftoversOf(docker: Docker, pid: number | undefined): Promise<CliRun['leftovers']> {
  const owned = (labels: Record<string, string> | undefined) => labels?.[LABEL.owner]?.startsWith(`${pid}:`) ?? false;
  const containers = (await docker.listContainers({ all: true, filters: labelFilter() })).filter((c) => owned(c.Labels));
  const networks = (await docker.listNetworks({ filters: labelFilter() })).filter((n) => owned(n.Labels));
  const volumes = ((await docker.listVolumes({ filters: labelFilter() })).Volumes ?? []).filter((v) => owned(v.Labels));
  const runs = new Set([
    ...containers.map((c) => c.Labels[LABEL.run]),
    ...networks.flatMap((n) => n.Labels?.[LABEL.run] ?? []),
    ...volumes.map((v) => v.Labels[LABEL.run]),
  ]);
  return { runs: [...runs], containers: containers.length, volumes: volumes.length, networks: networks.length };
}
