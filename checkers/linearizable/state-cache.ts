// The search's memory of configurations it has already expanded: a set of linearized
// operations (a bitset, `ok` words then `info` words) and a model state. Reaching a remembered
// configuration again cannot lead anywhere new (Lowe's refinement of WGL), and neither can one
// that has the same `ok` operations and state but extra `info` operations placed: those may
// simply never happen, so every continuation of the larger one is open to the smaller.
//
// Chained hashing over typed arrays, keyed by the `ok` words and the state only, so all
// `info` variants of one configuration share a chain; bitsets stored back to back in chunks
// so that growing never copies them.

const NONE = -1;
const CHUNK_WORDS = 1 << 20;

export class StateCache<State> {
  /** Entries, counted; the memory budget is measured in these. */
  size = 0;
  /** Approximate bytes held: bitsets, bookkeeping and what `stateBytes` reports. */
  bytes = 0;
  private heads: Int32Array;
  private mask: number;
  private hashes: Int32Array;
  private nexts: Int32Array;
  private states: State[] = [];
  private readonly chunks: Uint32Array[] = [];
  private readonly entriesPerChunk: number;
  private readonly chunkShift: number;
  private readonly chunkMask: number;

  constructor(
    private readonly words: number,
    private readonly okWords: number,
    private readonly equal: (a: State, b: State) => boolean,
    private readonly stateBytes?: (state: State) => number,
  ) {
    this.heads = new Int32Array(1 << 8).fill(NONE);
    this.mask = this.heads.length - 1;
    this.hashes = new Int32Array(1 << 8);
    this.nexts = new Int32Array(1 << 8);
    this.chunkShift = Math.max(0, Math.floor(Math.log2(CHUNK_WORDS / words)));
    this.entriesPerChunk = 1 << this.chunkShift;
    this.chunkMask = this.entriesPerChunk - 1;
  }

  /** Bytes one entry costs, for budgeting. */
  static bytesPerEntry(words: number): number {
    return words * 4 + 4 + 4 + 8 + 8;
  }

  /**
   * Remembers the configuration, or answers false when it is covered by one already
   * remembered (same `ok` words and state, a subset of its `info` words). `hash` must cover
   * the `ok` words and the state only.
   */
  add(hash: number, bits: Uint32Array, state: State): boolean {
    const slot = hash & this.mask;
    let covered = NONE;
    for (let e = this.heads[slot]; e !== NONE; e = this.nexts[e]) {
      if (this.hashes[e] !== hash || !this.sameOkWords(e, bits) || !this.equal(this.states[e], state)) continue;
      const relation = this.compareInfo(e, bits);
      if (relation & SUBSET) return false;
      if (relation & SUPERSET && covered === NONE) covered = e;
    }
    if (covered !== NONE) {
      // The new configuration covers a remembered one: keep the stronger in its place.
      this.storeBits(covered, bits);
      return true;
    }
    const entry = this.size++;
    this.bytes += StateCache.bytesPerEntry(this.words) + (this.stateBytes ? this.stateBytes(state) : 0);
    if (entry >= this.hashes.length) this.growEntries();
    this.hashes[entry] = hash;
    this.states[entry] = state;
    this.storeBits(entry, bits);
    this.nexts[entry] = this.heads[slot];
    this.heads[slot] = entry;
    if (this.size > this.heads.length) this.growHeads();
    return true;
  }

  private sameOkWords(entry: number, bits: Uint32Array): boolean {
    const chunk = this.chunks[entry >>> this.chunkShift];
    const base = (entry & this.chunkMask) * this.words;
    for (let w = 0; w < this.okWords; w++) if (chunk[base + w] !== bits[w]) return false;
    return true;
  }

  /** SUBSET: the entry's info words are within `bits`'; SUPERSET: the other way round. */
  private compareInfo(entry: number, bits: Uint32Array): number {
    const chunk = this.chunks[entry >>> this.chunkShift];
    const base = (entry & this.chunkMask) * this.words;
    let relation = SUBSET | SUPERSET;
    for (let w = this.okWords; w < this.words; w++) {
      const stored = chunk[base + w];
      const given = bits[w];
      if ((stored & ~given) !== 0) relation &= ~SUBSET;
      if ((given & ~stored) !== 0) relation &= ~SUPERSET;
      if (relation === 0) break;
    }
    return relation;
  }

  private storeBits(entry: number, bits: Uint32Array): void {
    const c = entry >>> this.chunkShift;
    const offset = (entry & this.chunkMask) * this.words;
    const full = this.entriesPerChunk * this.words;
    // The first chunk starts small and doubles, so a tiny partition costs little.
    if (c === this.chunks.length) this.chunks.push(new Uint32Array(c === 0 ? Math.min(full, 64 * this.words) : full));
    let chunk = this.chunks[c];
    if (offset + this.words > chunk.length) {
      const grown = new Uint32Array(Math.min(full, chunk.length * 2));
      grown.set(chunk);
      this.chunks[c] = chunk = grown;
    }
    for (let w = 0; w < this.words; w++) chunk[offset + w] = bits[w];
  }

  private growEntries(): void {
    const hashes = new Int32Array(this.hashes.length * 2);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const nexts = new Int32Array(this.nexts.length * 2);
    nexts.set(this.nexts);
    this.nexts = nexts;
  }

  private growHeads(): void {
    const heads = new Int32Array(this.heads.length * 2).fill(NONE);
    const mask = heads.length - 1;
    for (let entry = 0; entry < this.size; entry++) {
      const slot = this.hashes[entry] & mask;
      this.nexts[entry] = heads[slot];
      heads[slot] = entry;
    }
    this.heads = heads;
    this.mask = mask;
  }
}

const SUBSET = 1;
const SUPERSET = 2;
