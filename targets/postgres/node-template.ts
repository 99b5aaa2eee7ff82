import { chown, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { FaultlineError } from '../../core/errors.js';
import { launcherInvocation, POSTGRES_USER } from './launch.js';

// initdb takes seconds; a series of runs (the audit) makes one node folder with it and lets
// every run's node copy that instead (the `nodeTemplate` option).

/** Makes `dir` a template node folder: `data/` from initdb and the keep-group library. */
export async function prepareNodeTemplate(dir: string, binDir: string): Promise<string> {
  if (process.getuid?.() !== 0)
    throw new FaultlineError('UNSUPPORTED', `postgres: preparing a node template runs initdb as ${POSTGRES_USER}, which needs root`);
  const account = await userIds(POSTGRES_USER);
  await mkdir(join(dir, 'data'), { recursive: true, mode: 0o755 });
  await chown(dir, account.uid, account.gid);
  await chown(join(dir, 'data'), account.uid, account.gid);
  const launcher = launcherInvocation({ dataDir: join(dir, 'data'), host: '127.0.0.1', port: 5432, binDir, settings: [], prepareOnly: true });
  const result = await execa('runuser', ['-u', POSTGRES_USER, '--', launcher.command, ...launcher.args], { reject: false, all: true });
  if (result.failed) {
    await rm(dir, { recursive: true, force: true });
    throw new FaultlineError('RUN_FAILED', `postgres: could not prepare a node template in ${dir}:\n${result.all}`, { cause: result });
  }
  return dir;
}

async function userIds(name: string): Promise<{ uid: number; gid: number }> {
  const result = await execa('getent', ['passwd', name], { reject: false });
  const fields = result.failed ? [] : result.stdout.split('\n')[0].split(':');
  if (fields.length < 4) throw new FaultlineError('UNSUPPORTED', `postgres: no user named ${name} on this machine (installing PostgreSQL creates it)`);
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}
