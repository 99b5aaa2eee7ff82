import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { execa } from 'execa';
import { FaultlineError } from '../../core/errors.js';
import type { Endpoint } from '../../core/runtime.js';
import type { ReadinessCheck } from './readiness.js';

// The usual ways to ask a server whether it serves yet, as ReadinessChecks for waitUntilReady.
// Each attempt runs from the harness (this machine): give them where the harness dials the
// node (nodeEndpoint), and a command the address it should reach.

/** Ready once a TCP connection to `endpoint` opens (it is closed again at once). */
export function tcpCheck(endpoint: Endpoint): ReadinessCheck {
  const where = `${endpoint.host}:${endpoint.port}`;
  return {
    describe: `TCP connect to ${where}`,
    attempt: (signal) =>
      new Promise<void>((resolve, reject) => {
        const socket = connect({ host: endpoint.host, port: endpoint.port });
        const onAbort = () => socket.destroy(new Error('aborted'));
        signal.addEventListener('abort', onAbort, { once: true });
        const finish = (err?: Error) => {
          signal.removeEventListener('abort', onAbort);
          socket.destroy();
          if (err) reject(err);
          else resolve();
        };
        socket.once('connect', () => finish());
        socket.once('error', (err: NodeJS.ErrnoException) => finish(new Error(err.code ? `${err.code} ${where}` : err.message)));
      }),
  };
}

export interface HttpCheckOptions {
  /** The status that means ready: a number, or a test (default: any 2xx). */
  status?: number | ((status: number) => boolean);
}

/** Ready once a GET of `url` (http or https) answers with the expected status; redirects are not followed. */
export function httpCheck(url: string | URL, options: HttpCheckOptions = {}): ReadinessCheck {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    throw new FaultlineError('BAD_ARGUMENT', `httpCheck: ${target.href} is not an http or https URL`);
  const wanted = options.status ?? ((status: number) => status >= 200 && status < 300);
  const accepts = typeof wanted === 'number' ? (status: number) => status === wanted : wanted;
  const expected = typeof wanted === 'number' ? String(wanted) : options.status === undefined ? '2xx' : 'the expected status';
  return {
    describe: `GET ${target.href} answering ${expected}`,
    attempt: (signal) =>
      new Promise<void>((resolve, reject) => {
        const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
        // No agent: no connection is kept open between attempts, or after the wait.
        const req = send(target, { method: 'GET', agent: false, signal }, (res) => {
          res.resume();
          const status = res.statusCode ?? 0;
          if (accepts(status)) resolve();
          else reject(new Error(`status ${status}`));
        });
        req.once('error', (err: NodeJS.ErrnoException) => reject(new Error(err.code ? `${err.code} ${target.host}` : err.message)));
        req.end();
      }),
  };
}

export interface CommandCheckOptions {
  env?: Record<string, string>;
  cwd?: string;
}

/**
 * Ready once the command exits 0, e.g. `commandCheck('redis-cli', ['-h', host, '-p', port, 'ping'])`.
 * It runs on this machine, without a shell; a command that hangs is killed at the attempt's timeout.
 */
export function commandCheck(command: string, args: readonly string[], options: CommandCheckOptions = {}): ReadinessCheck {
  return {
    describe: `\`${[command, ...args].join(' ')}\` exiting 0`,
    attempt: async (signal) => {
      const result = await execa(command, args, {
        reject: false,
        cancelSignal: signal,
        env: options.env,
        cwd: options.cwd,
        stdin: 'ignore',
        forceKillAfterDelay: 1_000,
      });
      if (result.exitCode === 0) return;
      const said = (result.stderr || result.stdout || '').trim().split('\n').pop();
      throw new Error(result.exitCode === undefined ? result.shortMessage : `exit code ${result.exitCode}${said ? `: ${said}` : ''}`);
    },
  };
}
