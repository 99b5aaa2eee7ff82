import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { parseDuration } from '../core/duration.js';

export { parseDuration };

// One schema for a test: CLI flags and the optional config file both map onto it, and the
// resolved form (durations in ms, seed fixed) is what test.json records.

const duration = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as 30, "30s", "500ms" or "2m", got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return ms;
});

const nameList = z.union([z.array(z.string()), z.string()]).transform((v) =>
  (Array.isArray(v) ? v : v.split(','))
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== 'none'),
);

export const checkerSpecSchema = z
  .object({
    checker: z.string().min(1),
    options: z.record(z.string(), z.unknown()).optional(),
    as: z.string().optional(),
  })
  .strict();

export const testConfigSchema = z
  .object({
    name: z.string().min(1).optional(),
    target: z.string().min(1).default('raft-kv'),
    workload: z.string().min(1).optional(),
    nodes: z.number().int().min(1).max(64).optional(),
    concurrency: z.number().int().min(1).max(1000).default(10),
    timeLimit: duration.default(20_000),
    /** Client operations per second across all clients; 0 means as fast as possible. */
    rate: z.number().min(0).default(100),
    opTimeout: duration.default(5_000),
    /** Fault kinds, e.g. ["partition", "pause", "kill"]; undefined means the target's default, [] none. */
    nemesis: nameList.optional(),
    // Jepsen's default is 10 s for runs of minutes; a default run here lasts 20 s.
    nemesisInterval: duration.default(3_000),
    /** --nemesis packet: the probability that each packet a faulted node sends to another node is lost (default 0.2). */
    packetLoss: z.number().gt(0, 'must be a probability above 0').max(1, 'must be a probability of at most 1').optional(),
    /** --nemesis packet: a delay added to those packets (needs netem in the kernel). */
    packetDelay: duration.optional(),
    /** Quiet time after healing, before final reads, so the system can recover. */
    recovery: duration.default(3_000),
    finalTimeLimit: duration.default(60_000),
    seed: z.number().int().min(0).max(0x7fffffff).optional(),
    runtime: z.enum(['local', 'docker']).default('local'),
    runsDir: z.string().min(1).default('runs'),
    targetOptions: z.record(z.string(), z.unknown()).default({}),
    checkers: z.array(checkerSpecSchema).optional(),
    /** The model of every linearizable checker the run uses (a built-in name or a module's path), instead of the workload's. */
    model: z.string().min(1).optional(),
  })
  .strict();

export type TestConfigInput = z.input<typeof testConfigSchema>;
export type TestConfig = z.output<typeof testConfigSchema>;

/** Validates a config, turning zod's issues into one error that names the field and quotes the value. */
export function parseTestConfig(input: unknown, source = 'config'): TestConfig {
  const parsed = testConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw zodToConfigError(parsed.error, input, source);
}

export function zodToConfigError(error: z.ZodError, input: unknown, source: string): ConfigError {
  const issue = error.issues[0];
  const path = issue.path.map(String);
  const field = path.length ? path.join('.') : source;
  let value: unknown = input;
  for (const part of issue.path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[part as PropertyKey] : undefined;
  // Messages that already quote the value (", got …") are not told it twice.
  const quoted = value === undefined || issue.message.includes(`got ${JSON.stringify(value)}`) ? '' : ` (got ${JSON.stringify(value)})`;
  const more = error.issues.length > 1 ? ` and ${error.issues.length - 1} more problem(s)` : '';
  const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
  return new ConfigError(`${source}: ${field}`, `${message}${quoted}${more}`);
}
