import { execa } from 'execa';
import { errorMessage } from '../../core/errors.js';
import { buildClockLibrary } from '../clock/build.js';
import { cgroupProblem } from '../local/cgroups.js';
import { iptablesProblem } from '../local/iptables.js';
import { networkProblem } from '../local/node-network.js';

// Fault tests need what real faults need: Linux, root, network namespaces, cgroup v2, iptables
// and a C compiler. On CI
// (CI=true) a missing prerequisite fails the suite; on a developer's machine it skips the suite
// and says why.

export interface Prerequisites {
  ok: boolean;
  reason: string;
}

let cached: Promise<Prerequisites> | undefined;

export function faultPrerequisites(): Promise<Prerequisites> {
  cached ??= check().then((found) => {
    if (!found.ok && process.env.CI === 'true') throw new Error(`fault tests cannot run on CI: ${found.reason}`);
    if (!found.ok) console.warn(`skipping fault tests: ${found.reason}`);
    return found;
  });
  return cached;
}

async function check(): Promise<Prerequisites> {
  if (process.platform !== 'linux') return { ok: false, reason: `the local runtime needs Linux, this is ${process.platform}` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'the local runtime needs root (network namespaces, cgroups, iptables)' };
  const problem = cgroupProblem() ?? (await networkProblem()) ?? (await iptablesProblem().catch((err: unknown) => errorMessage(err)));
  if (problem) return { ok: false, reason: problem };
  try {
    await buildClockLibrary();
  } catch (err) {
    return { ok: false, reason: errorMessage(err) };
  }
  return { ok: true, reason: '' };
}

/** Whether redis-server and redis-cli are installed; on CI (CI=true) their absence fails the suite instead of skipping it. */
export async function redisAvailable(): Promise<boolean> {
  const server = await execa('redis-server', ['--version'], { reject: false });
  const cli = await execa('redis-cli', ['--version'], { reject: false });
  const ok = !server.failed && !cli.failed;
  if (!ok && process.env.CI === 'true')
    throw new Error('redis tests cannot run on CI: redis-server or redis-cli is missing (scripts/install-system-deps installs them)');
  return ok;
}
