// A trivial node for runtime tests, in plain JavaScript so it starts in a blink without a loader.
// It listens on its own host:port and answers one JSON line per request line:
//   ping                 → {"pong":true,"name":…,"pid":…}
//   time                 → {"wall":Date.now(),"mono":"<process.hrtime.bigint()>"}
//   connect HOST PORT    → {"ok":true,"from":…} or {"ok":false,"error":"…"}: a TCP connect made
//                          from the node's own address, as a well-behaved peer connection must be
//   connect-unbound HOST PORT → the same without choosing the source address (the kernel picks
//                          127.0.0.1, which partitions do not cut)
//   starts               → {"starts":N}: how many times it started on this data folder
//   exit CODE            → exits with CODE (a node dying on its own)
// --also-listen PORT (repeatable) serves the same requests on further ports of its host.
// It exits by itself after --max-lifetime-ms (default 120 s) so a leaked probe never lingers.
import { appendFileSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    'max-lifetime-ms': { type: 'string', default: '120000' },
    'also-listen': { type: 'string', multiple: true, default: [] },
  },
});
for (const flag of ['name', 'host', 'port', 'data-dir']) {
  if (!values[flag]) {
    console.error(`probe-node: missing --${flag}`);
    process.exit(2);
  }
}
const { name, host } = values;
const port = Number(values.port);
const startsFile = join(values['data-dir'], 'starts');

appendFileSync(startsFile, 'start\n');
const starts = readFileSync(startsFile, 'utf8').split('\n').filter(Boolean).length;

function connectTo(toHost, toPort, localAddress) {
  return new Promise((resolve) => {
    const socket = connect({ host: toHost, port: Number(toPort), localAddress, timeout: 1000 });
    const done = (answer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.once('connect', () => done({ ok: true, from: socket.localAddress }));
    socket.once('timeout', () => done({ ok: false, error: 'timeout' }));
    socket.once('error', (err) => done({ ok: false, error: err.code ?? err.message }));
  });
}

async function answer(line) {
  const [command, ...args] = line.trim().split(/\s+/);
  switch (command) {
    case 'ping':
      return { pong: true, name, pid: process.pid };
    case 'time':
      return { wall: Date.now(), mono: process.hrtime.bigint().toString() };
    case 'connect':
      return connectTo(args[0], args[1], host);
    case 'connect-unbound':
      return connectTo(args[0], args[1], undefined);
    case 'starts':
      return { starts };
    case 'exit':
      setImmediate(() => process.exit(Number(args[0] ?? 0)));
      return { exiting: true };
    default:
      return { error: `unknown request ${JSON.stringify(command)}` };
  }
}

const serve = (socket) => {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('error', () => socket.destroy());
  socket.on('data', async (chunk) => {
    buffered += chunk;
    let newline;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      socket.write(`${JSON.stringify(await answer(line))}\n`);
    }
  });
};
for (const listenOn of [port, ...values['also-listen'].map(Number)]) {
  createServer(serve).listen(listenOn, host, () => console.log(`probe ${name} listening on ${host}:${listenOn} (start ${starts})`));
}
setTimeout(() => {
  console.log(`probe ${name}: max lifetime reached, exiting`);
  process.exit(0);
}, Number(values['max-lifetime-ms'])).unref();
