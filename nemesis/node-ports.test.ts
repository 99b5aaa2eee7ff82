import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { PROBE_PORT } from './netns/probe-links.js';
import { assignPorts } from './node-ports.js';

describe('assignPorts: the numbers a runtime hands out for named ports', () => {
  it('gives each named port the number asked for, in the order the target listed them', () => {
    expect(assignPorts(6379, { bus: 16379, admin: 9000 })).toEqual({ bus: 16379, admin: 9000 });
    expect(Object.keys(assignPorts(2379, { peer: 2380, metrics: 9090 }) ?? {})).toEqual(['peer', 'metrics']);
  });

  it("picks numbers for 'any' above the main port, skipping every number already taken", () => {
    expect(assignPorts(7000, { peer: 7001, metrics: 'any', debug: 'any' })).toEqual({ peer: 7001, metrics: 7002, debug: 7003 });
    expect(assignPorts(65535, { metrics: 'any' })).toEqual({ metrics: 1024 });
  });

  it('asks for nothing more when no ports are named', () => {
    expect(assignPorts(7000, undefined)).toBeUndefined();
    expect(assignPorts(7000, {})).toBeUndefined();
  });

  it('refuses a port taken by the main port, by another name, or by the runtime itself, naming the port', () => {
    const refusal = (requests: Record<string, number | 'any'>) => {
      try {
        assignPorts(7000, requests);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
      throw new Error('not refused');
    };
    expect(refusal({ peer: 7000 })).toBe("ports.peer: 7000 is already taken by the main port; give another number or 'any'");
    expect(refusal({ peer: 7001, raft: 7001 })).toBe(`ports.raft: 7001 is already taken by port "peer"; give another number or 'any'`);
    expect(refusal({ peer: PROBE_PORT })).toMatch(/^ports\.peer: 1 is already taken by the runtime's own probe port/);
    expect(refusal({ peer: 70000 })).toMatch(/^ports\.peer: must be a port from 1 to 65535 or 'any', got 70000$/);
    expect(refusal({ 'not a name': 7001 })).toMatch(/^ports\.not a name: a port name is a letter/);
  });
});
