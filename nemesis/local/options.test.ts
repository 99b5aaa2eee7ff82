import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { checkNodeCommand, resolveOptions, type LocalRuntimeOptions } from './options.js';

const command = () => ({ command: 'true', args: [] });
const base: LocalRuntimeOptions = { runDir: '/tmp/run', nodes: 3, command };

describe('local runtime options are checked up front, naming the bad field', () => {
  it('names nodes n1… from a count and keeps given names', () => {
    expect(resolveOptions(base).names).toEqual(['n1', 'n2', 'n3']);
    expect(resolveOptions({ ...base, nodes: ['a', 'b'] }).names).toEqual(['a', 'b']);
    expect(resolveOptions(base)).toMatchObject({ basePort: 7000, clockSkew: true, handleSignals: true, killTimeoutMs: 10_000 });
  });

  it.each([
    [{ nodes: 0 }, /nodes: a node count must be an integer from 1 to 253, got 0/],
    [{ nodes: ['n1', 'n1'] }, /nodes\[1\]: "n1" appears twice/],
    [{ nodes: ['ok', '../etc'] }, /nodes\[1\]: "..\/etc" is not a node name/],
    [{ basePort: 80 }, /basePort: must be an integer port from 1024 to 65535, got 80/],
    [{ runDir: '' }, /runDir: must be a folder path/],
    [{ killTimeoutMs: -1 }, /killTimeoutMs: must be a positive number/],
    [{ command: 'node server.js' }, /command: must be a function/],
  ])('rejects %j', (override, message) => {
    const bad = { ...base, ...override } as unknown as LocalRuntimeOptions;
    expect(() => resolveOptions(bad)).toThrow(ConfigError);
    expect(() => resolveOptions(bad)).toThrow(message);
  });

  it('checks what the command function returns', () => {
    expect(checkNodeCommand('n1', { command: 'redis-server', args: ['--port', '7000'] }).command).toBe('redis-server');
    expect(() => checkNodeCommand('n2', 'redis-server --port 7000')).toThrow(/command\(n2\): must return \{ command, args \}/);
    expect(() => checkNodeCommand('n2', { command: 'x', args: [7000] })).toThrow(/command\(n2\)\.args: must be an array of strings/);
    expect(() => checkNodeCommand('n2', { command: 'x', args: [], env: { A: 1 } })).toThrow(/command\(n2\)\.env/);
    expect(() => checkNodeCommand('n2', { command: 'x', args: [], user: 'a b' })).toThrow(/command\(n2\)\.user: "a b" is not a user name/);
  });
});
