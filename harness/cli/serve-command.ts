import { isIP } from 'node:net';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { startServer } from '../../reports/serve/index.js';
import type { CliIo } from './io.js';

export function serveCommand(io: CliIo, setExit: (code: number) => void) {
  return {
    command: 'serve',
    describe: 'browse the runs folder: every run with its verdict, report and raw files (read-only)',
    builder: (y: Argv) =>
      y
        .option('port', { type: 'number', default: 8080, describe: 'port to listen on (0: any free port)' })
        .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to listen on' })
        .option('runs-dir', { type: 'string', default: 'runs', describe: 'the runs folder to serve' }),
    handler: async (argv: Record<string, unknown>) => {
      const host = String(argv.host);
      const runsDir = resolve(io.cwd, String(argv.runsDir ?? argv['runs-dir']));
      const running = await startServer({ runsDir, host, port: Number(argv.port) });
      if (!isLoopback(host)) io.stderr.write(`warning: listening on ${host}, not loopback: anyone who can reach it can read every run\n`);
      io.stdout.write(`serving ${runsDir} at ${running.url} (Ctrl-C to stop)\n`);
      await new Promise<void>((done) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void running.close().then(done);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      setExit(0);
    },
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}
