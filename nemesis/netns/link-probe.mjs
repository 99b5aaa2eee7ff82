// Run inside a node's network namespace (nsenter --net=… node link-probe.mjs SPEC) to see which
// peers answer from there: the check, from the node's own network context, that a cut link is
// cut, a lossy one loses packets and a healed one carries them again. Plain JavaScript so it runs
// from sources and from dist/ alike, without a loader.
//
// SPEC is JSON: {"targets":[{"host":"10.214.7.3","port":1,"count":1}],"timeoutMs":500}
// Each probe is a TCP connect. Any answer — a connection, or a reset from a closed port — means
// the packets got through both ways; silence until the timeout means they did not; any other
// error (no route, say) is neither, and is reported as such. Prints
// {"results":[{"host":…,"answered":N,"silent":M,"errors":["EHOSTUNREACH",…]}]} and exits.
import { connect } from 'node:net';

const spec = JSON.parse(process.argv[2] ?? '{}');
const timeoutMs = Number(spec.timeoutMs ?? 500);

function probe(host, port) {
  return new Promise((resolve) => {
    let settled = false;
    const socket = connect({ host, port });
    const finish = (outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    socket.once('connect', () => finish('answered'));
    socket.once('error', (err) => finish(err.code === 'ECONNREFUSED' || err.code === 'ECONNRESET' ? 'answered' : String(err.code ?? err.message)));
    // A starved event loop may run this timer before it looks at an answer that already came:
    // look once more (setImmediate runs after pending I/O) before calling the link silent.
    const timer = setTimeout(() => setImmediate(() => finish('silent')), timeoutMs);
  });
}

const results = await Promise.all(
  (spec.targets ?? []).map(async ({ host, port, count }) => {
    const outcomes = await Promise.all(Array.from({ length: Math.max(1, Number(count ?? 1)) }, () => probe(host, Number(port ?? 1))));
    const answered = outcomes.filter((o) => o === 'answered').length;
    const silent = outcomes.filter((o) => o === 'silent').length;
    return { host, answered, silent, errors: [...new Set(outcomes.filter((o) => o !== 'answered' && o !== 'silent'))] };
  }),
);
process.stdout.write(`${JSON.stringify({ results })}\n`);
