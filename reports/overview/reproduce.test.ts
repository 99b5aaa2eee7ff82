import { describe, expect, it } from 'vitest';
import { reproduction, shellQuote } from './reproduce.js';

describe('the command that reproduces a run', () => {
  it('replays the recorded command through npx faultline, pinned to the seed', () => {
    const r = reproduction({ config: { seed: 99 }, command: ['/home/u/faultline/harness/cli.ts', 'test', '--bug', 'stale-read'] });
    expect(r).toEqual({ argv: ['npx', 'faultline', 'test', '--bug', 'stale-read', '--seed', '99'], rebuilt: false });
  });

  it('keeps a seed the command already gave', () => {
    expect(reproduction({ config: { seed: 5 }, command: ['faultline', 'test', '--seed=5'] })?.argv).toEqual(['npx', 'faultline', 'test', '--seed=5']);
  });

  it('rebuilds the command from the config when none was recorded', () => {
    const r = reproduction({
      config: { target: 'raft-kv', nodes: 3, timeLimit: 20000, nemesis: ['partition', 'kill'], seed: 7, targetOptions: { bug: ['stale-read'], latencyMs: 3 } },
    });
    expect(r?.rebuilt).toBe(true);
    expect(r?.argv).toEqual([
      'npx',
      'faultline',
      'test',
      '--target',
      'raft-kv',
      '--nodes',
      '3',
      '--time-limit',
      '20s',
      '--nemesis',
      'partition,kill',
      '--seed',
      '7',
      '--bug',
      'stale-read',
      '--latency-ms',
      '3',
    ]);
  });

  it('quotes only arguments a shell would split or expand', () => {
    expect(shellQuote('--time-limit')).toBe('--time-limit');
    expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
    expect(shellQuote('')).toBe("''");
  });
});
