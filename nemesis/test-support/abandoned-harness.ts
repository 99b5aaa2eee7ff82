// A harness that sets up faults and then does not clean up: run as its own process by the
// leftover tests, which kill it (SIGKILL or SIGTERM) or let it fall off the end.
//   node --import tsx abandoned-harness.ts RUN_DIR wait|exit [no-signals]
// It prints one JSON line describing what it set up, then either waits (60 s at most) or exits.
// With no-signals the runtime leaves signals to the harness (handleSignals: false).
import { isolate } from '../grudge.js';
import { LocalRuntime } from '../local.js';
import { probeCommand, waitForProbe } from './probe-client.js';

const [runDir, mode, signals] = process.argv.slice(2);
if (!runDir || (mode !== 'wait' && mode !== 'exit') || (signals !== undefined && signals !== 'no-signals')) {
  console.error('usage: abandoned-harness.ts RUN_DIR wait|exit [no-signals]');
  process.exit(254);
}

const handleSignals = signals !== 'no-signals';
const runtime = new LocalRuntime({ runDir, nodes: 3, command: (node) => probeCommand(node, 60_000), handleSignals });
for (const node of runtime.nodes) await runtime.start(node.name);
for (const node of runtime.nodes) await waitForProbe(node);
await runtime.partition(isolate(['n1', 'n2', 'n3'], 'n1'));
await runtime.pause('n2');
await runtime.setClockOffset('n3', 5_000);
const pids = Object.fromEntries(runtime.nodes.map((n) => [n.name, runtime.pid(n.name)]));
const cgroups = runtime.nodes.map((n) => runtime.cgroupOf(n.name));
console.log(JSON.stringify({ id: runtime.id, chain: runtime.chain, bridge: runtime.bridge, host: runtime.nodes[0].host, pids, cgroups }));

if (mode === 'wait') setTimeout(() => process.exit(0), 60_000);
