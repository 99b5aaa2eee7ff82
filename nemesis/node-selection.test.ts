import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { selectNodes } from './node-selection.js';

const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'];

describe('choosing the nodes a fault hits', () => {
  it('one, minority, majority and all have the sizes their names promise', () => {
    const rng = new Rng(1);
    expect(selectNodes('one', nodes, rng)).toHaveLength(1);
    expect(selectNodes('minority', nodes, rng)).toHaveLength(2);
    expect(selectNodes('majority', nodes, rng)).toHaveLength(3);
    expect(selectNodes('all', nodes, rng)).toEqual(nodes);
    expect(selectNodes('minority', ['n1', 'n2', 'n3'], rng)).toHaveLength(1);
  });

  it('primary is the leader when the target knows it', () => {
    expect(selectNodes('primary', nodes, new Rng(1), 'n4')).toEqual(['n4']);
    expect(selectNodes('primary', nodes, new Rng(1))).toHaveLength(1);
  });

  it('accepts explicit node names and rejects strangers by name', () => {
    expect(selectNodes(['n2', 'n5'], nodes, new Rng(1))).toEqual(['n2', 'n5']);
    expect(() => selectNodes(['n9'], nodes, new Rng(1))).toThrow(ConfigError);
    expect(() => selectNodes(['n9'], nodes, new Rng(1))).toThrow(/n9/);
    expect(() => selectNodes('some' as never, nodes, new Rng(1))).toThrow(/unknown node choice "some"/);
  });
});
