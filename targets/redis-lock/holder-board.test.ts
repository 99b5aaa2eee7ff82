import { describe, expect, it } from 'vitest';
import { HolderBoard } from './holder-board.js';

describe('the holder board', () => {
  it('knows which clients are asking for the lock', () => {
    const board = new HolderBoard();
    board.acquireStarted(1, 'c2');
    board.acquireStarted(5, 'c2');
    board.acquireStarted(2, 'c3');
    expect(board.nodesAcquiring().sort()).toEqual(['c2', 'c3']);
    board.acquireEnded(2, 'c3', true);
    board.retired(1);
    board.acquireEnded(5, 'c2', false);
    expect(board.nodesAcquiring()).toEqual([]);
  });

  it('runs an armed action when the next holder reads, before that client goes on, and only once', async () => {
    const board = new HolderBoard();
    const acted: string[] = [];
    const armed = board.armOnce(
      'read',
      async (process, node) => {
        acted.push(`${process}@${node}`);
        return node;
      },
      1_000,
    );
    await board.reached('read', 4, 'c1'); // not a holder: ignored
    board.acquireEnded(3, 'c4', true);
    await board.reached('read', 3, 'c4');
    expect(acted).toEqual(['3@c4']);
    await expect(armed).resolves.toBe('c4');
    await board.reached('read', 3, 'c4');
    expect(acted).toEqual(['3@c4']);
  });

  it('gives up after its time, and refuses a second armed action meanwhile', async () => {
    const board = new HolderBoard();
    const armed = board.armOnce('release', async () => 'x', 20);
    await expect(board.armOnce('read', async () => 'y', 20)).rejects.toThrow(/already armed/);
    await expect(armed).resolves.toBeUndefined();
  });

  it('hands a failing action’s error to whoever armed it', async () => {
    const board = new HolderBoard();
    const armed = board.armOnce(
      'release',
      async () => {
        throw new Error('cannot pause');
      },
      1_000,
    );
    await board.reached('release', 1, 'c1');
    await expect(armed).rejects.toThrow('cannot pause');
  });
});
