/**
 * An append-only list of directed edges in typed arrays: millions of edges cost a few
 * bytes each and no objects.
 */
export class EdgeList {
  from: Int32Array;
  to: Int32Array;
  kind: Uint8Array;
  length = 0;

  constructor(capacity = 1024) {
    this.from = new Int32Array(capacity);
    this.to = new Int32Array(capacity);
    this.kind = new Uint8Array(capacity);
  }

  add(from: number, to: number, kindBits: number): void {
    if (this.length === this.from.length) this.grow();
    const i = this.length++;
    this.from[i] = from;
    this.to[i] = to;
    this.kind[i] = kindBits;
  }

  private grow(): void {
    const capacity = Math.ceil(this.from.length * 1.5) + 16;
    const from = new Int32Array(capacity);
    const to = new Int32Array(capacity);
    const kind = new Uint8Array(capacity);
    from.set(this.from);
    to.set(this.to);
    kind.set(this.kind);
    this.from = from;
    this.to = to;
    this.kind = kind;
  }
}
