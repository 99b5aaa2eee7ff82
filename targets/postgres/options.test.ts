import { describe, expect, it } from 'vitest';
import { zodToConfigError } from '../../harness/config.js';
import { postgresOptionsSchema, serverSettings } from './options.js';

function problem(input: Record<string, unknown>): string {
  const parsed = postgresOptionsSchema.safeParse(input);
  if (parsed.success) throw new Error('expected the options to be refused');
  return zodToConfigError(parsed.error, input, 'target options').message;
}

describe('postgres target options', () => {
  it('default to read committed, a fresh table prefix and a private server', () => {
    const a = postgresOptionsSchema.parse({});
    const b = postgresOptionsSchema.parse({});
    expect(a).toMatchObject({ isolation: 'read-committed', pgSetting: [], allAnomalies: false });
    expect(a.pgUrl).toBeUndefined();
    expect(a.tablePrefix).toMatch(/^faultline_[0-9a-f]{8}_$/);
    expect(a.tablePrefix).not.toBe(b.tablePrefix);
  });

  it('keep settings as written, so test.json feeds back in', () => {
    const options = postgresOptionsSchema.parse({ pgSetting: 'synchronous_commit=off' });
    expect(options.pgSetting).toEqual(['synchronous_commit=off']);
    expect(postgresOptionsSchema.parse(options).pgSetting).toEqual(['synchronous_commit=off']);
    expect(serverSettings(options)).toEqual([{ name: 'synchronous_commit', value: 'off' }]);
  });

  it('name the bad field and quote the value', () => {
    expect(problem({ isolation: 'snapshot' })).toMatch(/isolation.*"snapshot"/);
    expect(problem({ pgSetting: ['fsync=off', 'nonsense'] })).toMatch(/pgSetting.*expected name=value.*"nonsense"/);
    expect(problem({ pgUrl: 'mysql://x' })).toMatch(/pgUrl: must be a postgres:\/\/ or postgresql:\/\/ connection URL/);
    expect(problem({ tablePrefix: 'Robert"); DROP TABLE' })).toMatch(/tablePrefix: must be a lower-case SQL identifier prefix/);
    expect(problem({ bogus: 1 })).toMatch(/unknown field\(s\) "bogus"/);
  });
});
