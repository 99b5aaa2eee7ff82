import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import ssh2 from 'ssh2';
import type { RemoteEngine } from './remote-engine.js';

// The test engine behind ssh://: an SSH front (ssh-front.mjs) in the engine's network namespace,
// and an SSH agent of the test's own holding the one key it accepts (dockerode's ssh:// transport
// authenticates only through SSH_AUTH_SOCK). Nothing of the machine's own ssh is used.

export interface SshEngine {
  /** ssh://root@<address>:2222 */
  dockerHost: string;
  /** The agent's socket, for SSH_AUTH_SOCK. */
  agentSocket: string;
  stop(): Promise<void>;
}

const FRONT = fileURLToPath(new URL('./ssh-front.mjs', import.meta.url));

export async function startSshEngine(engine: RemoteEngine): Promise<SshEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-ssh-engine-'));
  const hostKey = ssh2.utils.generateKeyPairSync('ed25519');
  const userKey = ssh2.utils.generateKeyPairSync('ed25519');
  writeFileSync(join(dir, 'host-key'), hostKey.private, { mode: 0o600 });
  writeFileSync(join(dir, 'user-key.pub'), userKey.public);
  const parsed = ssh2.utils.parseKey(userKey.private);
  if (parsed instanceof Error) throw parsed;
  const agentSocket = join(dir, 'agent');
  const agent: Server = createServer((socket) => {
    const protocol = new ssh2.AgentProtocol(false);
    protocol.on('identities', (req: ssh2.AgentInboundRequest) => protocol.getIdentitiesReply(req, [parsed]));
    protocol.on('sign', (req: ssh2.AgentInboundRequest, _key: unknown, data: Buffer) => protocol.signReply(req, parsed.sign(data)));
    socket.pipe(protocol).pipe(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => agent.listen(agentSocket, resolve));
  let front: ResultPromise | undefined;
  const stop = async () => {
    front?.kill('SIGKILL');
    await front;
    await new Promise<void>((resolve) => agent.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    front = execa(
      'nsenter',
      [
        `--net=/var/run/netns/${engine.netns}`,
        process.execPath,
        FRONT,
        engine.address,
        '2222',
        join(dir, 'host-key'),
        join(dir, 'user-key.pub'),
        engine.socket,
      ],
      {
        reject: false,
        timeout: 30 * 60_000,
      },
    );
    const started = front;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the ssh front did not listen within 60 s')), 60_000);
      started.stdout!.once('data', () => {
        clearTimeout(timer);
        resolve();
      });
      void started.then((result) => {
        clearTimeout(timer);
        reject(new Error(`the ssh front exited (${result.exitCode ?? result.signal}): ${String(result.stderr)}`));
      });
    });
    return { dockerHost: `ssh://root@${engine.address}:2222`, agentSocket, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
