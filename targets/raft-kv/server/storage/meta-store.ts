import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceFileDurably } from './durable-file.js';

// currentTerm and votedFor: Raft's promise not to vote twice in a term rests on this file
// reaching the disk before the vote is sent.

export interface TermAndVote {
  term: number;
  votedFor: string | null;
}

export type MetaDurability = 'fsync' | 'no-fsync' | 'forget';

export class MetaStore {
  private readonly path: string;

  constructor(
    dataDir: string,
    private readonly durability: MetaDurability,
  ) {
    this.path = join(dataDir, 'meta.json');
  }

  load(): TermAndVote {
    if (this.durability === 'forget' || !existsSync(this.path)) return { term: 0, votedFor: null };
    const text = readFileSync(this.path, 'utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new Error(`${this.path}: not valid JSON (${(err as Error).message})`, { cause: err });
    }
    const meta = parsed as Partial<TermAndVote>;
    if (!Number.isSafeInteger(meta.term) || (meta.term as number) < 0) throw new Error(`${this.path}: "term" must be a non-negative integer`);
    if (meta.votedFor !== null && typeof meta.votedFor !== 'string') throw new Error(`${this.path}: "votedFor" must be a string or null`);
    return { term: meta.term as number, votedFor: meta.votedFor };
  }

  save(state: TermAndVote): void {
    if (this.durability === 'forget') return;
    replaceFileDurably(this.path, JSON.stringify(state), this.durability === 'fsync');
  }
}
