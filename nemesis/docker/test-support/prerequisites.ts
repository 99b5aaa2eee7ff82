import { execa } from 'execa';
import { errorMessage } from '../../../core/errors.js';
import { buildClockLibrary } from '../../clock/build.js';
import { connectToDaemon } from '../daemon.js';

// Docker tests need a daemon that answers, root (nsenter into containers' namespaces), nsenter
// and iptables on the host, and a C compiler for the clock library. On CI (CI=true) a missing
// prerequisite fails the suite; elsewhere the suite is skipped with the reason printed.

export interface DockerPrerequisites {
  ok: boolean;
  reason: string;
}

let cached: Promise<DockerPrerequisites> | undefined;

export function dockerPrerequisites(): Promise<DockerPrerequisites> {
  cached ??= check().then((found) => {
    if (!found.ok && process.env.CI === 'true') throw new Error(`Docker runtime tests cannot run on CI: ${found.reason}`);
    if (!found.ok) console.warn(`skipping Docker runtime tests: ${found.reason}`);
    return found;
  });
  return cached;
}

async function check(): Promise<DockerPrerequisites> {
  if (process.platform !== 'linux') return { ok: false, reason: `the Docker runtime needs Linux, this is ${process.platform}` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'entering container network namespaces needs root' };
  try {
    await connectToDaemon();
  } catch (err) {
    return { ok: false, reason: errorMessage(err) };
  }
  for (const [command, args] of [
    ['nsenter', ['--version']],
    ['iptables', ['--version']],
  ] as const) {
    const result = await execa(command, [...args], { reject: false });
    if (result.failed) return { ok: false, reason: `${command} does not run here (${result.shortMessage}); install it with scripts/install-system-deps` };
  }
  try {
    await buildClockLibrary();
  } catch (err) {
    return { ok: false, reason: errorMessage(err) };
  }
  return { ok: true, reason: '' };
}
