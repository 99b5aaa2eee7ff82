// A harness that sets up Docker faults and then does not clean up: run as its own process by the
// leftover tests, which kill it (SIGKILL or SIGTERM) or let it fall off the end.
//   node --import tsx abandoned-docker-harness.ts RUN_DIR wait|exit
// It prints one JSON line describing what it set up, then either waits (60 s at most) or exits.
import { isolate } from '../../grudge.js';
import { DockerRuntime } from '../../docker.js';
import { probeCommand } from '../../test-support/probe-client.js';
import { waitForNode } from './probe.js';

const [runDir, mode] = process.argv.slice(2);
if (!runDir || (mode !== 'wait' && mode !== 'exit')) {
  console.error('usage: abandoned-docker-harness.ts RUN_DIR wait|exit');
  process.exit(254);
}

const runtime = await DockerRuntime.create({ runDir, nodes: 3, command: (node) => probeCommand(node, 60_000) });
await Promise.all(runtime.nodes.map((node) => runtime.start(node.name)));
await Promise.all(runtime.nodes.map((node) => waitForNode(node)));
await runtime.partition(isolate(['n1', 'n2', 'n3'], 'n1'));
await runtime.pause('n2');
await runtime.setClockOffset('n3', 5_000);
const containers = Object.fromEntries(runtime.nodes.map((n) => [n.name, runtime.containerId(n.name)]));
console.log(JSON.stringify({ id: runtime.id, network: runtime.network.name, containers }));

if (mode === 'wait') setTimeout(() => process.exit(0), 60_000);
