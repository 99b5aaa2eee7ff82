// The search's memory of (set of linearized operations, model state) pairs it has already
// expanded: reaching one again cannot lead anywhere new (Lowe's refinement of WGL). An open-
// addressing table over typed arrays, bitsets stored back to back in fixed-size chunks so
// that growing never copies them, and no per-entry objects.

const EMPTY_SLOT = 0;
const CHUNK_WORDS = 1 << 20;

export class StateCache<State> {
  /** Entries, counted; the memory budget is measured in these. */
  size = 0;
  private slots: Int32Array;
  private mask: number;
  private hashes: Int32Array;
  private states: State[] = [];
  private readonly chunks: Uint32Array[] = [];
  private readonly entriesPerChunk: number;

  constructor(
    private readonly words: number,
    private readonly equal: (a: State, b: State) => boolean,
  ) {
    this.slots = new Int32Array(1 << 8);
    this.mask = this.slots.length - 1;
    this.hashes = new Int32Array(1 << 7);
    this.entriesPerChunk = Math.max(1, Math.floor(CHUNK_WORDS / Math.max(1, words)));
  }

  /** Bytes one entry costs, for budgeting. */
  static bytesPerEntry(words: number): number {
    return words * 4 + 4 + 8 + 8;
  }

  /** Remembers the pair; false when it was already there. */
  add(hash: number, bits: Uint32Array, state: State): boolean {
    const slots = this.slots;
    const mask = this.mask;
    let i = hash & mask;
    for (;;) {
      const slot = slots[i];
      if (slot === EMPTY_SLOT) break;
      const entry = slot - 1;
      if (this.hashes[entry] === hash && this.sameBits(entry, bits) && this.equal(this.states[entry], state)) return false;
      i = (i + 1) & mask;
    }
    const entry = this.size++;
    if (entry >= this.hashes.length) this.growEntries();
    this.hashes[entry] = hash;
    this.states[entry] = state;
    this.storeBits(entry, bits);
    slots[i] = entry + 1;
    if (this.size * 2 > slots.length) this.growSlots();
    return true;
  }

  private sameBits(entry: number, bits: Uint32Array): boolean {
    const chunk = this.chunks[Math.floor(entry / this.entriesPerChunk)];
    const base = (entry % this.entriesPerChunk) * this.words;
    for (let w = 0; w < this.words; w++) if (chunk[base + w] !== bits[w]) return false;
    return true;
  }

  private storeBits(entry: number, bits: Uint32Array): void {
    const c = Math.floor(entry / this.entriesPerChunk);
    const offset = (entry % this.entriesPerChunk) * this.words;
    const full = this.entriesPerChunk * this.words;
    // The first chunk starts small and doubles, so a tiny partition costs little.
    if (c === this.chunks.length) this.chunks.push(new Uint32Array(c === 0 ? Math.min(full, 64 * this.words) : full));
    let chunk = this.chunks[c];
    if (offset + this.words > chunk.length) {
      const grown = new Uint32Array(Math.min(full, chunk.length * 2));
      grown.set(chunk);
      this.chunks[c] = chunk = grown;
    }
    chunk.set(bits.subarray(0, this.words), offset);
  }

  private growEntries(): void {
    const hashes = new Int32Array(this.hashes.length * 2);
    hashes.set(this.hashes);
    this.hashes = hashes;
  }

  private growSlots(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.size; entry++) {
      let i = this.hashes[entry] & mask;
      while (slots[i] !== EMPTY_SLOT) i = (i + 1) & mask;
      slots[i] = entry + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
