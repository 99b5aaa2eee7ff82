import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { FaultlineError } from '../../core/errors.js';
import { engineMessage } from './daemon.js';

// One command inside a running container, through the engine's API (`docker exec`): the same
// call over a unix socket, tcp:// or ssh://. Used on holder containers only, which no fault
// ever pauses (an exec into a paused container is refused).

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

const DEFAULT_TIMEOUT_MS = 15_000;

export async function execIn(docker: Docker, containerId: string, argv: readonly string[], timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ExecResult> {
  const what = `${argv[0]} in container ${containerId.slice(0, 12)}`;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FaultlineError('RUN_FAILED', `nemesis/docker: ${what} did not finish within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([run(docker, containerId, argv, what), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function run(docker: Docker, containerId: string, argv: readonly string[], what: string): Promise<ExecResult> {
  let stream: NodeJS.ReadableStream;
  let exec: Docker.Exec;
  try {
    exec = await docker.getContainer(containerId).exec({ Cmd: [...argv], AttachStdout: true, AttachStderr: true });
    stream = (await exec.start({ hijack: true, stdin: false })) as NodeJS.ReadableStream;
  } catch (err) {
    throw new FaultlineError('RUN_FAILED', `nemesis/docker: cannot run ${what}: ${engineMessage(err)}`, { cause: err });
  }
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  err.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  docker.modem.demuxStream(stream, out, err);
  await new Promise<void>((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
  // The output can end a moment before the engine records the exit code.
  for (let attempt = 0; ; attempt++) {
    const info = await exec.inspect().catch((e: unknown) => {
      throw new FaultlineError('RUN_FAILED', `nemesis/docker: cannot learn how ${what} ended: ${engineMessage(e)}`, { cause: e });
    });
    if (!info.Running && info.ExitCode !== null && info.ExitCode !== undefined) return { code: info.ExitCode, stdout, stderr };
    if (attempt >= 100) return { code: -1, stdout, stderr: `${stderr}(no exit code after the output ended)` };
    await sleep(10);
  }
}
