import { HEADER_BYTES } from './vector-codec';

/** One hit of a scan: the position of the vector in its index and its score (dot product, the cosine of normalised vectors). */
export interface Hit {
  at: number;
  score: number;
}

/** What the scan needs of a stored vector (a VectorRow, read by the worker). */
export interface StoredVector {
  sourceId: string;
  dims: number;
  data: ArrayBuffer;
}

/**
 * One space's vectors of one model, packed for the scan: every vector's int8 components in one
 * array (`dims` apart) and their scales in another. Rows of other sizes than the first one's are
 * left out (a model's vectors all have one size; see `skipped`).
 */
export class PackedIndex {
  readonly count: number;
  readonly dims: number;
  readonly ids: string[];
  readonly skipped: number;
  private readonly values: Int8Array;
  private readonly scales: Float32Array;

  constructor(rows: readonly StoredVector[]) {
    const dims = rows[0]?.dims ?? 0;
    const usable = rows.filter((row) => row.dims === dims && row.data.byteLength === HEADER_BYTES + dims);
    this.dims = dims;
    this.count = usable.length;
    this.skipped = rows.length - usable.length;
    this.ids = usable.map((row) => row.sourceId);
    this.values = new Int8Array(usable.length * dims);
    this.scales = new Float32Array(usable.length);
    usable.forEach((row, index) => {
      this.scales[index] = new DataView(row.data).getFloat32(0, true);
      this.values.set(new Int8Array(row.data, HEADER_BYTES, dims), index * dims);
    });
  }

  /** Bytes held for the scan (values, scales) plus an estimate for the id strings (2 bytes a character, 16 of overhead). */
  get bytes(): number {
    return this.values.byteLength + this.scales.byteLength + this.ids.reduce((sum, id) => sum + 16 + 2 * id.length, 0);
  }

  /**
   * The `k` best vectors for `query` (same size; normalised by the caller), best first: an exact
   * scan of every vector, four sums at a time (V8 keeps them in registers; a third faster than one).
   */
  top(query: Float32Array, k: number): Hit[] {
    const { dims, count, values, scales } = this;
    if (query.length !== dims || k <= 0 || !count) return [];
    const best = new TopK(k);
    const tail = dims - (dims % 4);
    for (let index = 0, offset = 0; index < count; index++, offset += dims) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let d = 0;
      for (; d < tail; d += 4) {
        s0 += query[d]! * values[offset + d]!;
        s1 += query[d + 1]! * values[offset + d + 1]!;
        s2 += query[d + 2]! * values[offset + d + 2]!;
        s3 += query[d + 3]! * values[offset + d + 3]!;
      }
      for (; d < dims; d++) s0 += query[d]! * values[offset + d]!;
      const score = (s0 + s1 + s2 + s3) * scales[index]!;
      if (score > best.floor) best.add(index, score);
    }
    return best.sorted();
  }
}

/** The k highest scores seen, kept sorted (k is small: an insertion is cheaper than a heap's bookkeeping). */
export class TopK {
  private readonly at: number[] = [];
  private readonly scores: number[] = [];
  /** A score must beat this to enter. */
  floor = Number.NEGATIVE_INFINITY;

  constructor(private readonly k: number) {}

  add(at: number, score: number): void {
    let position = this.scores.length;
    while (position > 0 && this.scores[position - 1]! < score) position--;
    this.scores.splice(position, 0, score);
    this.at.splice(position, 0, at);
    if (this.scores.length > this.k) {
      this.scores.pop();
      this.at.pop();
    }
    if (this.scores.length === this.k) this.floor = this.scores[this.k - 1]!;
  }

  sorted(): Hit[] {
    return this.at.map((at, index) => ({ at, score: this.scores[index]! }));
  }
}
