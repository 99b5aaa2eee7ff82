// A user's own target, as a user would write one: a register on a real redis-server (a program
// faultline did not write), which declares what its node needs inside a container. Used by the
// Docker user-target tests through the CLI: `faultline test --target <this file> --runtime docker`.
//   REDIS_REGISTER_IMAGE=<tag>  run an image built elsewhere instead of one assembled from this machine
//   REDIS_REGISTER_NO_CONTAINER=1  declare nothing, as a target written for the local runtime only
import { Redis } from 'ioredis';
import { z } from 'zod';
import { registerWorkload } from '../../../../generators/workloads/register.js';
import { dialAddress } from '../../../../core/runtime.js';
import type { Client, Completion, Invocation, Target } from '../../../../core/target.js';

const optionsSchema = z.object({}).strict();
type Options = z.output<typeof optionsSchema>;

// Compare-and-set as one server-side step.
const CAS = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 else return 0 end`;

class RegisterClient implements Client {
  constructor(private readonly redis: Redis) {}

  async invoke(op: Invocation): Promise<Completion> {
    const key = `register:${String(op.key ?? 'r')}`;
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
          return (await this.redis.eval(CAS, 1, key, String(from), String(to))) === 1 ? { type: 'ok' } : { type: 'fail', error: 'cas-mismatch' };
        }
        default:
          return { type: 'fail', error: `unknown operation ${op.f}` };
      }
    } catch (err) {
      const message = (err as Error).message;
      // A read changes nothing, and a command never sent did not happen; a write whose answer
      // was lost may have.
      const unsent = /Stream isn't writeable/.test(message);
      return { type: op.f === 'read' || unsent ? 'fail' : 'info', error: message };
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

const target: Target<Options> = {
  name: 'redis-register',
  summary: 'a register on redis-server (a user target for the Docker runtime tests)',
  optionsSchema,
  workloads: ['register'],
  defaultWorkload: 'register',
  cluster: {
    defaultNodes: 1,
    port: 6379,
    command: (node) => ({
      command: 'redis-server',
      // Every write fsynced before it is acknowledged: a killed server loses nothing it confirmed.
      args: [
        '--bind',
        node.host,
        '--port',
        String(node.port),
        '--dir',
        node.dataDir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--protected-mode',
        'no',
        '--logfile',
        '',
      ],
    }),
    ...(process.env.REDIS_REGISTER_NO_CONTAINER
      ? {}
      : { container: () => (process.env.REDIS_REGISTER_IMAGE ? { image: process.env.REDIS_REGISTER_IMAGE } : { paths: ['/usr/bin/redis-server'] }) }),
  },
  workload: () => registerWorkload({ keysAtOnce: 3, opsPerKey: 100 }),
  async setup(ctx) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const redis = new Redis({ ...dialAddress(ctx.nodes[0]), lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await redis.connect();
        if ((await redis.ping()) === 'PONG') return;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`redis-server on ${ctx.nodes[0].name} does not answer: ${(err as Error).message}`);
      } finally {
        redis.disconnect();
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  },
  async openClient(ctx, process) {
    const node = ctx.nodes[process % ctx.nodes.length];
    const redis = new Redis({
      ...dialAddress(node),
      connectTimeout: 1_000,
      commandTimeout: 1_000,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => 100,
    });
    redis.on('error', () => undefined);
    return new RegisterClient(redis);
  },
};

export default target;
