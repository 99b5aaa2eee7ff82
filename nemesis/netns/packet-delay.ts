import { execa } from 'execa';
import { FaultlineError } from '../../harness/errors.js';

// Packet delay, the one packet fault that needs the kernel's netem queueing discipline: without
// it nothing in Linux holds a packet back for a while (iptables can only drop or pass), so a run
// that asks for delay on a kernel without netem is refused up front. With netem, a node's packets
// to its peers (never to the harness) go through a netem band on its interface, as Jepsen's
// packet nemesis shapes only the traffic between nodes:
//   prio qdisc 1: with a 4th band, netem under it, and one u32 filter per peer address into it.

let detected: Promise<string | undefined> | undefined;

/** Why delay cannot be applied here (no netem), or undefined; asked once per process, in `netns`. */
export function packetDelayProblem(netns: string): Promise<string | undefined> {
  detected ??= detect(netns);
  return detected;
}

async function detect(netns: string): Promise<string | undefined> {
  // Tried on the node namespace's loopback, where it disturbs nothing, and removed at once.
  const add = await execa('nsenter', [`--net=${netns}`, '--', 'tc', 'qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '1ms'], { reject: false });
  if (add.failed) {
    const said = String(add.stderr || add.shortMessage).trim();
    const missing = add.exitCode === undefined || /ENOENT/.test(add.shortMessage ?? '') ? 'tc is not installed (iproute2)' : `this kernel has no netem queueing discipline (tc says: ${said})`;
    return `packet delay needs netem and ${missing}; netem is the only mechanism faultline has to hold packets back, so only packet loss (--packet-loss) is possible here`;
  }
  await execa('nsenter', [`--net=${netns}`, '--', 'tc', 'qdisc', 'del', 'dev', 'lo', 'root'], { reject: false });
  return undefined;
}

/** The tc commands that delay packets from the node's `device` to `peers` by `delayMs` (pure, for tests). */
export function delayCommands(device: string, peers: readonly string[], delayMs: number): string[][] {
  const commands = [
    // Bands 1-3 keep the default priority map; band 4 receives only what the filters send to it.
    ['qdisc', 'replace', 'dev', device, 'root', 'handle', '1:', 'prio', 'bands', '4', 'priomap', '1', '2', '2', '2', '1', '2', '0', '0', '1', '1', '1', '1', '1', '1', '1', '1'],
    ['qdisc', 'replace', 'dev', device, 'parent', '1:4', 'handle', '40:', 'netem', 'delay', `${delayMs}ms`],
  ];
  for (const peer of peers) commands.push(['filter', 'add', 'dev', device, 'parent', '1:0', 'protocol', 'ip', 'prio', '1', 'u32', 'match', 'ip', 'dst', `${peer}/32`, 'flowid', '1:4']);
  return commands;
}

/** Delays packets from the node to its peers (netem must be there: check packetDelayProblem first). */
export async function applyDelay(netns: string, device: string, peers: readonly string[], delayMs: number): Promise<void> {
  await removeDelay(netns, device);
  for (const args of delayCommands(device, peers, delayMs)) {
    const result = await execa('nsenter', [`--net=${netns}`, '--', 'tc', ...args], { reject: false });
    if (result.failed) throw new FaultlineError('RUN_FAILED', `nemesis: tc ${args.join(' ')} failed in ${netns}: ${String(result.stderr || result.shortMessage).trim()}`, { cause: result });
  }
}

/** Removes the delay (the node's root qdisc goes back to the default); nothing there is fine. */
export async function removeDelay(netns: string, device: string): Promise<void> {
  await execa('nsenter', [`--net=${netns}`, '--', 'tc', 'qdisc', 'del', 'dev', device, 'root'], { reject: false });
}
