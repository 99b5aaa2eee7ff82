// The parts of redlock@4 (a CommonJS module without types) that the redlock-npm client uses.
declare module 'redlock' {
  import type { EventEmitter } from 'node:events';

  namespace Redlock {
    interface Options {
      driftFactor?: number;
      retryCount?: number;
      retryDelay?: number;
      retryJitter?: number;
    }
    interface Lock {
      resource: string | string[];
      value: string;
      /** Wall-clock ms (Date.now()) after which the library considers the lock expired. */
      expiration: number;
      unlock(): Promise<void>;
    }
    class LockError extends Error {
      attempts: number;
    }
  }

  class Redlock extends EventEmitter {
    constructor(clients: unknown[], options?: Redlock.Options);
    lock(resource: string | string[], ttl: number): Promise<Redlock.Lock>;
    /** Makes each lock's random value; overridable per instance. */
    _random(): string;
    static LockError: typeof Redlock.LockError;
  }

  export = Redlock;
}
