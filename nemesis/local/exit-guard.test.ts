import { afterEach, describe, expect, it } from 'vitest';
import { guardUntilStopped, guardedCount } from './exit-guard.js';

describe('the exit guard holds process handlers only while a runtime needs them', () => {
  const unguards: (() => void)[] = [];
  afterEach(() => {
    for (const unguard of unguards.splice(0)) unguard();
  });

  it('adds one exit handler and, when asked, one handler per signal; removes them with the last runtime', () => {
    const before = { exit: process.listenerCount('exit'), term: process.listenerCount('SIGTERM'), count: guardedCount() };
    const quiet = { emergencyStop: () => {} };
    const loud = { emergencyStop: () => {} };
    unguards.push(guardUntilStopped(quiet, { signals: false }));
    expect(process.listenerCount('exit')).toBe(before.exit + 1);
    expect(process.listenerCount('SIGTERM')).toBe(before.term);
    unguards.push(guardUntilStopped(loud, { signals: true }));
    expect(process.listenerCount('exit')).toBe(before.exit + 1);
    expect(process.listenerCount('SIGTERM')).toBe(before.term + 1);
    expect(guardedCount()).toBe(before.count + 2);

    (unguards.pop() as () => void)();
    expect(process.listenerCount('SIGTERM')).toBe(before.term);
    (unguards.pop() as () => void)();
    expect(process.listenerCount('exit')).toBe(before.exit);
    expect(guardedCount()).toBe(before.count);
  });

  it('on a signal, stops the runtimes that asked for signals and leaves the signal to other listeners', () => {
    const stopped: string[] = [];
    unguards.push(guardUntilStopped({ emergencyStop: (why) => stopped.push(`loud:${why}`) }, { signals: true }));
    unguards.push(guardUntilStopped({ emergencyStop: (why) => stopped.push(`quiet:${why}`) }, { signals: false }));
    // Another listener (as a harness would have) keeps the re-raised default action away.
    const harnessListener = () => {};
    process.on('SIGHUP', harnessListener);
    try {
      process.emit('SIGHUP', 'SIGHUP');
    } finally {
      process.off('SIGHUP', harnessListener);
    }
    expect(stopped).toEqual(['loud:SIGHUP']);
  });
});
