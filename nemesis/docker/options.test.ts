import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { probeCommand } from '../test-support/probe-client.js';
import { resolveDockerOptions, type DockerRuntimeOptions } from './options.js';

// Bad options are refused before anything touches Docker, naming the field and the value.

const base: DockerRuntimeOptions = { runDir: '/tmp/run', nodes: 3, command: (node) => probeCommand(node) };

describe('resolveDockerOptions', () => {
  it('names nodes n1…nN by default and keeps given names', () => {
    expect(resolveDockerOptions(base).names).toEqual(['n1', 'n2', 'n3']);
    expect(resolveDockerOptions({ ...base, nodes: ['a', 'b'] }).names).toEqual(['a', 'b']);
    expect(resolveDockerOptions(base)).toMatchObject({ port: 7000, clockSkew: true, handleSignals: true, image: undefined, killTimeoutMs: 10_000 });
  });

  it.each([
    [{ nodes: 0 }, /^nodes: a node count must be an integer from 1 to 253, got 0$/],
    [{ nodes: ['a', 'a'] }, /^nodes\[1\]: "a" appears twice$/],
    [{ nodes: ['ok', 'no way'] }, /^nodes\[1\]: "no way" is not a node name/],
    [{ port: 70000 }, /^port: must be an integer port from 1 to 65535, got 70000$/],
    [{ runDir: '' }, /^runDir: must be a folder path, got ""$/],
    [{ image: ' ' }, /^image: must be an image name, got " "$/],
    [{ needs: { paths: ['usr/bin/redis-server'] } }, /^container\.paths: every path must be absolute, got "usr\/bin\/redis-server" \(entry 0\)$/],
    [{ killTimeoutMs: -1 }, /^killTimeoutMs: must be a positive number of milliseconds, got -1$/],
  ] as const)('refuses %j', (override, message) => {
    const attempt = () => resolveDockerOptions({ ...base, ...override } as DockerRuntimeOptions);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });
});
