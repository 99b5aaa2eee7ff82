import { STALE_TOKEN_ERROR, type Outcome } from '../protocol/messages.js';

/**
 * The resource a lock protects: one number, read and then written by each holder. With
 * fencing (Kleppmann's fencing tokens) every access carries the holder's token and the
 * counter refuses any token older than the newest it has seen, on reads as on writes:
 * checking writes alone would let an old holder read, a newer one read and write, and the
 * old one's write (still newest at the resource) land on a value it never saw — a lost
 * update behind the fence. Accesses without a token (no fencing, final reads) always pass.
 */
export class FencedCounter {
  private current = 0;
  private fence = -Infinity;

  get value(): number {
    return this.current;
  }

  /** The newest token seen, or null before any. */
  get newestToken(): number | null {
    return this.fence === -Infinity ? null : this.fence;
  }

  read(token: number | null): Outcome<number> {
    if (!this.admit(token)) return { type: 'fail', error: STALE_TOKEN_ERROR };
    return { type: 'ok', value: this.current };
  }

  write(value: number, token: number | null): Outcome<null> {
    if (!this.admit(token)) return { type: 'fail', error: STALE_TOKEN_ERROR };
    this.current = value;
    return { type: 'ok', value: null };
  }

  private admit(token: number | null): boolean {
    if (token === null) return true;
    if (token < this.fence) return false;
    this.fence = token;
    return true;
  }
}
