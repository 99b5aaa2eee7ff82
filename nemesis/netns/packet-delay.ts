import { execa } from 'execa';
import { FaultlineError } from '../../core/errors.js';

// Packet delay, the one packet fault that needs the kernel's netem queueing discipline: without
// it nothing in Linux holds a packet back for a while (iptables can only drop or pass), so a run
// that asks for delay on a kernel without netem is refused up front. With netem, a node's packets
// to its peers (never to the harness) go through a netem band on its interface, as Jepsen's
// packet nemesis shapes only the traffic between nodes:
//   prio qdisc 1: with a 4th band, netem under it, and one u32 filter per peer address into it.
// Where `tc` runs is the runtime's business: nsenter into a local node's namespace, or `docker
// exec` in a Docker node's holder (the engine's kernel is the one that must have netem).

/** How one `tc` command went, in a node's network namespace. */
export interface TcOutcome {
  ok: boolean;
  /** tc itself could not be run there (not installed). */
  missing: boolean;
  /** What tc said on failure. */
  said: string;
}

/** Runs `tc ARGS` in one node's network namespace, and says where that is. */
export interface Tc {
  run(args: readonly string[]): Promise<TcOutcome>;
  /** For messages: "the network namespace /proc/…", "n1's holder container". */
  readonly where: string;
}

/** tc in a namespace of this machine, entered with nsenter --net=`netns`. */
export function nsenterTc(netns: string): Tc {
  return {
    where: `the network namespace ${netns}`,
    async run(args) {
      const result = await execa('nsenter', [`--net=${netns}`, '--', 'tc', ...args], { reject: false });
      const missing = result.exitCode === undefined || result.exitCode === 127 || /ENOENT/.test(result.shortMessage ?? '');
      return { ok: !result.failed, missing, said: String(result.stderr || result.shortMessage).trim() };
    },
  };
}

let detectedHere: Promise<string | undefined> | undefined;

/**
 * Why delay cannot be applied (no netem), or undefined. Given a namespace of this machine, asked
 * once per process (one kernel); given a Tc elsewhere, asked each time (the caller keeps it).
 */
export function packetDelayProblem(where: string | Tc): Promise<string | undefined> {
  if (typeof where !== 'string') return detect(where);
  detectedHere ??= detect(nsenterTc(where));
  return detectedHere;
}

async function detect(tc: Tc): Promise<string | undefined> {
  // Tried on the node namespace's loopback, where it disturbs nothing, and removed at once.
  const add = await tc.run(['qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '1ms']);
  if (!add.ok) {
    const missing = add.missing ? `tc cannot be run in ${tc.where} (iproute2)` : `this kernel has no netem queueing discipline (tc says: ${add.said})`;
    return `packet delay needs netem and ${missing}; netem is the only mechanism faultline has to hold packets back, so only packet loss (--packet-loss) is possible here`;
  }
  await tc.run(['qdisc', 'del', 'dev', 'lo', 'root']);
  return undefined;
}

/** The tc commands that delay packets from the node's `device` to `peers` by `delayMs` (pure, for tests). */
export function delayCommands(device: string, peers: readonly string[], delayMs: number): string[][] {
  const commands = [
    // Bands 1-3 keep the default priority map; band 4 receives only what the filters send to it.
    [
      'qdisc',
      'replace',
      'dev',
      device,
      'root',
      'handle',
      '1:',
      'prio',
      'bands',
      '4',
      'priomap',
      '1',
      '2',
      '2',
      '2',
      '1',
      '2',
      '0',
      '0',
      '1',
      '1',
      '1',
      '1',
      '1',
      '1',
      '1',
      '1',
    ],
    ['qdisc', 'replace', 'dev', device, 'parent', '1:4', 'handle', '40:', 'netem', 'delay', `${delayMs}ms`],
  ];
  for (const peer of peers)
    commands.push(['filter', 'add', 'dev', device, 'parent', '1:0', 'protocol', 'ip', 'prio', '1', 'u32', 'match', 'ip', 'dst', `${peer}/32`, 'flowid', '1:4']);
  return commands;
}

/** Delays packets from the node to its peers (netem must be there: check packetDelayProblem first). */
export async function applyDelay(where: string | Tc, device: string, peers: readonly string[], delayMs: number): Promise<void> {
  const tc = typeof where === 'string' ? nsenterTc(where) : where;
  await removeDelay(tc, device);
  for (const args of delayCommands(device, peers, delayMs)) {
    const result = await tc.run(args);
    if (!result.ok) throw new FaultlineError('RUN_FAILED', `nemesis: tc ${args.join(' ')} failed in ${tc.where}: ${result.said}`);
  }
}

/** Removes the delay (the node's root qdisc goes back to the default); nothing there is fine. */
export async function removeDelay(where: string | Tc, device: string): Promise<void> {
  const tc = typeof where === 'string' ? nsenterTc(where) : where;
  await tc.run(['qdisc', 'del', 'dev', device, 'root']);
}
