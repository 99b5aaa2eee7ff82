import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Docker from 'dockerode';
import { execa, type ResultPromise } from 'execa';
import { overlaps, parseCidr } from '../network.js';

// A Docker engine this machine cannot share a network with: a second dockerd inside a network
// namespace of the test's own, joined to this machine by one veth link. The harness reaches the
// engine's API (tcp://<its address>:2375) and whatever it publishes on that address, and nothing
// behind it: its container subnets (a /16 pool of the test's own) get a blackhole route here, so
// that a packet for a container address could never leave through the default route. dockerd
// runs under nsenter rather than `ip netns exec`, which remounts /sys (dockerd then finds no
// cgroups); with a TCP listener it waits about 15 s before it answers. Everything it made —
// dockerd and its containerd, their mounts and folders, the namespace, the link and the route —
// is removed by stop(), which every step of bounds in time.

export interface RemoteEngine {
  /** tcp://<address>:2375, for DOCKER_HOST. */
  dockerHost: string;
  address: string;
  /** The /16 its run networks are taken from (FAULTLINE_DOCKER_SUBNET_POOL), blackholed here. */
  pool: string;
  /** A client of the engine, over its unix socket (for the test's own checks and cleanup). */
  docker: Docker;
  /** The engine's unix socket, and the network namespace it runs in. */
  socket: string;
  netns: string;
  stop(): Promise<string[]>;
}

const START_TIMEOUT_MS = 90_000;

async function run(command: string, args: string[]): Promise<void> {
  const result = await execa(command, args, { reject: false, timeout: 15_000 });
  if (result.failed) throw new Error(`${command} ${args.join(' ')}: ${result.stderr || result.shortMessage}`);
}

/** Every destination of this machine's routes (blackholes and other tables included). */
async function routedNets(): Promise<{ base: number; bits: number }[]> {
  const text = (await execa('ip', ['-4', 'route', 'show', 'table', 'all'], { reject: false, timeout: 10_000 })).stdout;
  return text
    .split('\n')
    .map((line) => /^(?:(?:blackhole|unreachable|prohibit|local|broadcast|multicast|throw)\s+)?(\d+\.\d+\.\d+\.\d+(?:\/\d+)?)/.exec(line)?.[1])
    .filter((dest): dest is string => dest !== undefined)
    .map((dest) => parseCidr(dest.includes('/') ? dest : `${dest}/32`))
    .filter((net): net is { base: number; bits: number } => net !== undefined);
}

/** A random `make(n)` for n in [from, to) that overlaps no route of this machine. */
async function freeNet(make: (n: number) => string, from: number, to: number): Promise<string> {
  const taken = await routedNets();
  for (let attempt = 0; attempt < 100; attempt++) {
    const cidr = make(from + Math.floor(Math.random() * (to - from)));
    const net = parseCidr(cidr)!;
    if (!taken.some((other) => overlaps(net, other))) return cidr;
  }
  throw new Error('no free address range for the remote engine');
}

export async function startRemoteEngine(): Promise<RemoteEngine> {
  const tag = String(process.pid % 100_000);
  const netns = `flre${tag}`;
  const hostSide = `flre${tag}h`;
  const engineSide = `flre${tag}n`;
  // The link: a /30 in 10.211/16; the engine's pool: a /16 from 10.216 to 10.249. Neither may
  // overlap a route of this machine (other tests' namespaces and blackholes included).
  const link = await freeNet((n) => `10.211.${n >> 6}.${(n & 63) * 4}/30`, 0, 256 * 64);
  const [a, b, c, d] = link.split('/')[0].split('.').map(Number);
  const hostAddress = `${a}.${b}.${c}.${d + 1}`;
  const address = `${a}.${b}.${c}.${d + 2}`;
  const pool = await freeNet((n) => `10.${n}.0.0/16`, 216, 250);
  const dir = mkdtempSync(join(tmpdir(), 'faultline-remote-engine-'));
  const undo: (() => Promise<void>)[] = [];
  let dockerd: ResultPromise | undefined;

  const stop = async (): Promise<string[]> => {
    const problems: string[] = [];
    const step = async (what: string, work: () => Promise<void>) => {
      try {
        await work();
      } catch (err) {
        problems.push(`${what}: ${(err as Error).message}`);
      }
    };
    if (dockerd) {
      const daemon = dockerd;
      await step('remove the engine’s containers', async () => {
        const docker = new Docker({ socketPath: join(dir, 'sock') });
        for (const c of await docker.listContainers({ all: true })) await docker.getContainer(c.Id).remove({ force: true });
      });
      await step('stop dockerd', async () => {
        daemon.kill('SIGTERM');
        const ended = await Promise.race([daemon.then(() => true), sleep(30_000).then(() => false)]);
        if (!ended) {
          daemon.kill('SIGKILL');
          await daemon;
        }
      });
      await step('stop its containerd', async () => {
        const pidFile = join(dir, 'exec', 'containerd', 'containerd.pid');
        // dockerd stops the containerd it started, and removes the pid file with it.
        if (!existsSync(pidFile)) return;
        const pid = Number(readFileSync(pidFile, 'utf8').trim());
        try {
          process.kill(pid, 0);
        } catch {
          return;
        }
        process.kill(pid, 'SIGKILL');
      });
    }
    await step('unmount its folders', async () => {
      const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
        .split('\n')
        .map((l) => l.split(' ')[4])
        .filter((m) => m?.startsWith(dir));
      for (const mount of mounts.sort((a, b) => b.length - a.length)) await execa('umount', ['-l', mount], { reject: false, timeout: 10_000 });
    });
    for (const action of undo.reverse()) await step('undo', action);
    await step('remove its folders', async () => rmSync(dir, { recursive: true, force: true }));
    return problems;
  };

  try {
    await run('ip', ['route', 'add', 'blackhole', pool]);
    undo.push(() => run('ip', ['route', 'del', 'blackhole', pool]));
    await run('ip', ['netns', 'add', netns]);
    undo.push(() => run('ip', ['netns', 'del', netns]));
    await run('ip', ['link', 'add', hostSide, 'type', 'veth', 'peer', 'name', engineSide]);
    undo.push(() => execa('ip', ['link', 'del', hostSide], { reject: false, timeout: 10_000 }).then(() => undefined));
    await run('ip', ['link', 'set', engineSide, 'netns', netns]);
    await run('ip', ['addr', 'add', `${hostAddress}/30`, 'dev', hostSide]);
    await run('ip', ['link', 'set', hostSide, 'up']);
    for (const args of [
      ['addr', 'add', `${address}/30`, 'dev', engineSide],
      ['link', 'set', engineSide, 'up'],
      ['link', 'set', 'lo', 'up'],
    ]) {
      await run('ip', ['-n', netns, ...args]);
    }
    dockerd = execa(
      'nsenter',
      [
        `--net=/var/run/netns/${netns}`,
        'dockerd',
        '--data-root',
        join(dir, 'root'),
        '--exec-root',
        join(dir, 'exec'),
        '--pidfile',
        join(dir, 'pid'),
        '-H',
        `tcp://${address}:2375`,
        '-H',
        `unix://${join(dir, 'sock')}`,
        '--bridge=none',
        '--log-level',
        'warn',
      ],
      { reject: false, stdin: 'ignore', stdout: 'ignore', stderr: 'ignore', timeout: 30 * 60_000 },
    );
    const docker = new Docker({ socketPath: join(dir, 'sock') });
    const remote = new Docker({ host: address, port: 2375 });
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      try {
        await docker.ping();
        await remote.ping();
        break;
      } catch {
        if (Date.now() > deadline) throw new Error(`the second dockerd did not answer at tcp://${address}:2375 within ${START_TIMEOUT_MS / 1000} s`);
        if (dockerd.exitCode !== undefined && dockerd.exitCode !== null) throw new Error(`the second dockerd exited with code ${dockerd.exitCode}`);
        await sleep(500);
      }
    }
    return { dockerHost: `tcp://${address}:2375`, address, pool, docker, socket: join(dir, 'sock'), netns, stop };
  } catch (err) {
    const problems = await stop();
    throw new Error(`cannot start the remote engine: ${(err as Error).message}${problems.length ? `; cleaning up: ${problems.join('; ')}` : ''}`);
  }
}
