import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ISOLATION_LEVELS } from './isolation.js';
import { parseSetting, type ServerSetting } from './settings.js';

// The postgres target's options, from `faultline test` flags or a config file's targetOptions.

// Kept as the user wrote them (test.json then feeds straight back in); parsed where used.
const settingList = z.union([z.string().transform((v) => [v]), z.array(z.string())]).superRefine((texts, ctx) => {
  for (const text of texts) {
    try {
      parseSetting(text);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message.replace(/^pgSetting: /, '') });
    }
  }
});

const pgUrl = z.string().refine((url) => /^postgres(ql)?:\/\/./.test(url), {
  message: 'must be a postgres:// or postgresql:// connection URL',
});

export const postgresOptionsSchema = z
  .object({
    /** Isolation level of every transaction the workload runs. */
    isolation: z.enum(ISOLATION_LEVELS).default('read-committed'),
    /** An existing database to audit: no server is started, only faultline's own tables are created and dropped. */
    pgUrl: pgUrl.optional(),
    /** `name=value` server settings (repeatable). */
    pgSetting: settingList.default([]),
    /** Prefix of every table faultline creates; random by default so runs never share tables. */
    tablePrefix: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,40}$/, 'must be a lower-case SQL identifier prefix (letters, digits, _; at most 41 characters)')
      .default(() => `faultline_${randomBytes(4).toString('hex')}_`),
    /** Also check against serializable, so the results list every anomaly the level let through. */
    allAnomalies: z.boolean().default(false),
    /** The folder holding postgres and initdb (default: the newest under /usr/lib/postgresql). */
    pgBinDir: z.string().min(1).optional(),
    /** A node folder made by prepareNodeTemplate(), copied instead of running initdb (the audit makes one for all its runs). */
    nodeTemplate: z.string().min(1).optional(),
    /** How long setup waits for the server to accept connections (initdb included). */
    startupTimeoutMs: z.number().int().positive().default(60_000),
    /** Keys in play at once for list-append and rw-register. */
    keyCount: z.number().int().min(1).default(6),
    /** Counters of the counter workload. */
    counters: z.number().int().min(1).default(2),
    /** Accounts of the bank workload, and each one's starting balance. */
    accounts: z.number().int().min(2).default(5),
    initialBalance: z.number().int().min(0).default(100),
  })
  .strict();

export type PostgresOptions = z.output<typeof postgresOptionsSchema>;
export type PostgresOptionsInput = z.input<typeof postgresOptionsSchema>;

/** The `--pg-setting` values as name and value. */
export function serverSettings(options: PostgresOptions): ServerSetting[] {
  return options.pgSetting.map((text) => parseSetting(text));
}
