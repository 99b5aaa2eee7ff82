import Docker from 'dockerode';
import { FaultlineError, errorMessage } from '../../core/errors.js';

// The one way this runtime talks to Docker: dockerode over the engine API (DOCKER_HOST, else the
// local socket). A daemon that does not answer is the commonest problem on a fresh machine, so
// the error says how to start one.

const PING_TIMEOUT_MS = 10_000;

/** Where a dockerode client connects, for messages. */
export function daemonAddress(docker: Docker): string {
  const modem = docker.modem as { socketPath?: unknown; host?: unknown; port?: unknown; protocol?: unknown };
  if (typeof modem.socketPath === 'string') return `unix://${modem.socketPath}`;
  if (typeof modem.host === 'string') {
    // As DOCKER_HOST spells it: tcp:// for the engine's plain HTTP, https:// and ssh:// as they are.
    const protocol = String(modem.protocol ?? 'http');
    return `${protocol === 'http' ? 'tcp' : protocol}://${modem.host}${modem.port ? `:${String(modem.port)}` : ''}`;
  }
  return process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
}

/** A dockerode client that has answered a ping; throws FaultlineError UNSUPPORTED otherwise. */
export async function connectToDaemon(docker: Docker = new Docker()): Promise<Docker> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS / 1000} s`)), PING_TIMEOUT_MS);
  });
  try {
    await Promise.race([docker.ping(), timeout]);
    return docker;
  } catch (err) {
    throw new FaultlineError(
      'UNSUPPORTED',
      `nemesis/docker: the Docker daemon does not answer at ${daemonAddress(docker)} (${errorMessage(err)}); ` +
        'start it with scripts/start-dockerd (as root), or set DOCKER_HOST to a running daemon',
      { cause: err },
    );
  } finally {
    clearTimeout(timer);
  }
}

/** The HTTP status of a failed engine call (404 no such object, 409 conflict, 304 nothing to do). */
export function engineStatus(err: unknown): number | undefined {
  const status = (err as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The engine's own words for a failed call, without dockerode's request dump. */
export function engineMessage(err: unknown): string {
  const json = (err as { json?: { message?: unknown } } | undefined)?.json;
  if (json && typeof json.message === 'string') return json.message;
  const reason = (err as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' && reason ? `${reason}: ${errorMessage(err)}` : errorMessage(err);
}
