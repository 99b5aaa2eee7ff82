import { isFaultlineError } from '../../../core/errors.js';
import { NODE_USAGE, parseNodeArgs, type NodeConfig } from './args.js';
import { runNode, type RunningNode } from './node-process.js';

// Entry point of one raft-kv node process (see args.ts for the flags). Exit codes: 2 for bad
// flags, 1 when the node cannot start, 70 when it stops on an internal error.

let config: NodeConfig;
try {
  config = parseNodeArgs(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`raft-kv: ${isFaultlineError(err) ? err.message : String(err)}\n${NODE_USAGE}\n`);
  process.exit(2);
}

let running: RunningNode | undefined;

function die(err: unknown): never {
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  if (running) running.logger.warn('fatal', { error: message });
  else process.stderr.write(`raft-kv ${config.id}: fatal: ${message}\n`);
  process.exit(70);
}

process.on('uncaughtException', die);
process.on('unhandledRejection', die);

try {
  running = await runNode(config, die);
} catch (err) {
  process.stderr.write(`raft-kv ${config.id}: cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    running?.logger.info('signal', { signal });
    void running?.stop().then(
      () => process.exit(0),
      (err: unknown) => die(err),
    );
  });
}
