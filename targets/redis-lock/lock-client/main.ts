import { createServer } from 'node:net';
import { serveJsonLines } from '../protocol/json-lines.js';
import { LockSession } from './session.js';

// A lock client: a process of its own (a node of the runtime, c1, c2, …) so that faults can
// pause it like a long garbage-collection pause. The harness opens one connection per logical
// process and drives it over newline-delimited JSON.
//
//   node main.js --name c1 --listen 127.0.0.7:6379

function parseArgs(argv: readonly string[]): { name: string; host: string; port: number } {
  let name: string | undefined;
  let listen: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--name') name = argv[++i];
    else if (argv[i] === '--listen') listen = argv[++i];
    else throw new Error(`unknown argument ${JSON.stringify(argv[i])} (expected --name NAME --listen HOST:PORT)`);
  }
  const match = listen === undefined ? null : /^([\d.]+):(\d+)$/.exec(listen);
  if (!name || !match) throw new Error('usage: --name NAME --listen HOST:PORT');
  return { name, host: match[1], port: Number(match[2]) };
}

const { name, host, port } = parseArgs(process.argv.slice(2));
const server = createServer();
serveJsonLines(server, () => new LockSession());
server.on('error', (err) => {
  console.error(`${name}: ${err.message}`);
  process.exit(1);
});
server.listen(port, host, () => console.log(`${name}: lock client listening on ${host}:${port}`));
