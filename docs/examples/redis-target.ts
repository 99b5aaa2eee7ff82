// A faultline target for redis-server, the one docs/targets.md walks through: a linearizable
// register (read, write, compare-and-set) on one real redis-server per node, under any fault.
//   npx faultline test --target ./docs/examples/redis-target.ts --nemesis kill,pause
import { errorClassifier, nodeEndpoint, nodeForWorker, Refusal, registerWorkload, tcpCheck, waitUntilReady, z } from 'faultline';
import type { Client, Completion, Invocation, Target } from 'faultline';
import { Redis } from 'ioredis';

const optionsSchema = z.object({ fsync: z.enum(['always', 'everysec']).default('always') }).strict();
type Options = z.output<typeof optionsSchema>;

// Compare-and-set as one step on the server: 1 when the value was `from` and is now `to`.
const CAS = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 end return 0`;

// Which errors prove a command did nothing; everything else may have been applied (info).
const classify = errorClassifier([
  { message: "Stream isn't writeable", outcome: 'fail', why: 'no offline queue: refused at once while disconnected, never sent' },
  { name: 'ReplyError', outcome: 'fail', why: 'redis answered with an error: it did nothing' },
]);

class RegisterClient implements Client {
  constructor(
    private readonly redis: Redis,
    readonly node: string,
  ) {}

  async invoke(op: Invocation): Promise<Completion> {
    const key = `register:${String(op.key)}`;
    try {
      switch (op.f) {
        case 'read': {
          const value = await this.redis.get(key);
          return { type: 'ok', value: value === null ? null : Number(value) };
        }
        case 'write':
          await this.redis.set(key, String(op.value));
          return { type: 'ok' };
        case 'cas': {
          const [from, to] = op.value as [number, number];
          if ((await this.redis.eval(CAS, 1, key, String(from), String(to))) !== 1) throw new Refusal(`the value was not ${from}`);
          return { type: 'ok' };
        }
        default:
          return { type: 'fail', error: `unknown operation ${op.f}` };
      }
    } catch (err) {
      // A read changes nothing, so a failed read certainly had no effect.
      const type = op.f === 'read' ? 'fail' : classify(err);
      return { type, error: err instanceof Error ? err.message : String(err) };
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

const target: Target<Options> = {
  name: 'redis-register',
  summary: 'a linearizable register on redis-server (the docs/targets.md example)',
  optionsSchema,
  flags: { fsync: { describe: 'appendfsync: always (default) or everysec', type: 'string', choices: ['always', 'everysec'] } },
  workloads: ['register'],
  defaultWorkload: 'register',
  defaultNemesis: ['kill', 'pause'],
  cluster: {
    defaultNodes: 1,
    port: 6379,
    command: (node, _cluster, options) => ({
      command: 'redis-server',
      // In the foreground, on the node's own address, every write in the append-only file.
      args: ['--bind', node.host, '--port', String(node.port), '--dir', node.dataDir, '--save', '', '--appendonly', 'yes', '--appendfsync', options.fsync, '--protected-mode', 'no', '--logfile', ''],
    }),
    // For --runtime docker: the program the image must hold.
    container: () => ({ paths: ['/usr/bin/redis-server'] }),
  },
  workload: () => registerWorkload({ keysAtOnce: 3, opsPerKey: 100 }),
  async setup(ctx) {
    // Every node serves before the first operation; a server that exits ends the wait at once.
    for (const node of ctx.nodes) await waitUntilReady(tcpCheck(nodeEndpoint(node)), { nodes: node, runtime: ctx.runtime, timeoutMs: 20_000 });
  },
  async openClient(ctx, _process, worker) {
    const node = nodeForWorker(ctx.nodes, worker);
    const timeout = Math.min(1_000, ctx.opTimeoutMs);
    const redis = new Redis({ ...nodeEndpoint(node), connectTimeout: timeout, commandTimeout: timeout, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 100 });
    redis.on('error', () => undefined); // reported by the commands that fail
    return new RegisterClient(redis, node.name);
  },
};

export default target;
