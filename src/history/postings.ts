/**
 * Which conversations hold a term, one row per block of 4,096 conversations (by their number,
 * `doc`) and term. A row lists the offsets in the block while they are few (2 bytes each) and
 * becomes a bitmap once that is smaller (512 bytes): rare words stay cheap, common words cost
 * at most one bitmap per block. All conversations holding every word of a query is then an AND
 * of bitmaps: no per-conversation rows to read.
 */

export const BLOCK_BITS = 12;
export const BLOCK_SIZE = 1 << BLOCK_BITS;
const WORDS = BLOCK_SIZE / 32;
const LIST_MAX = (WORDS * 4) / 2;

export type Posting = Uint16Array | Uint32Array;

export const blockOf = (doc: number): number => doc >>> BLOCK_BITS;
export const offsetOf = (doc: number): number => doc & (BLOCK_SIZE - 1);

function offsets(posting: Posting | undefined): Set<number> {
  const out = new Set<number>();
  if (!posting) return out;
  if (posting instanceof Uint16Array) {
    for (const offset of posting) out.add(offset);
    return out;
  }
  posting.forEach((word, index) => {
    for (let bits = word; bits !== 0; bits &= bits - 1) out.add(index * 32 + (31 - Math.clz32(bits & -bits)));
  });
  return out;
}

/** The row after adding and removing offsets; undefined when no conversation is left. */
export function updatePosting(posting: Posting | undefined, add: number[], remove: number[]): Posting | undefined {
  const set = offsets(posting);
  for (const offset of remove) set.delete(offset);
  for (const offset of add) set.add(offset);
  if (set.size === 0) return undefined;
  if (set.size <= LIST_MAX) return Uint16Array.from([...set].sort((a, b) => a - b));
  const bitmap = new Uint32Array(WORDS);
  for (const offset of set) bitmap[offset >>> 5] = (bitmap[offset >>> 5] ?? 0) | (1 << (offset & 31));
  return bitmap;
}

/** A set of conversation numbers as one bit each. */
export class DocSet {
  readonly words: Uint32Array;

  constructor(maxDoc: number) {
    this.words = new Uint32Array((blockOf(maxDoc) + 1) * WORDS);
  }

  addPosting(block: number, posting: Posting): void {
    const base = block * WORDS;
    if (base >= this.words.length) return;
    if (posting instanceof Uint16Array) {
      for (const offset of posting) this.words[base + (offset >>> 5)] = (this.words[base + (offset >>> 5)] ?? 0) | (1 << (offset & 31));
      return;
    }
    posting.forEach((word, index) => {
      this.words[base + index] = (this.words[base + index] ?? 0) | word;
    });
  }

  intersect(other: DocSet): void {
    this.words.forEach((word, index) => {
      this.words[index] = word & (other.words[index] ?? 0);
    });
  }

  has(doc: number): boolean {
    return doc >= 0 && ((this.words[doc >>> 5] ?? 0) & (1 << (doc & 31))) !== 0;
  }

  count(): number {
    let total = 0;
    for (const word of this.words) {
      let bits = word - ((word >>> 1) & 0x55555555);
      bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
      total += Math.imul((bits + (bits >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
    }
    return total;
  }

  /** The members, lowest first, stopping after `max`. */
  list(max = Infinity): number[] {
    const out: number[] = [];
    for (let index = 0; index < this.words.length && out.length < max; index++) {
      for (let bits = this.words[index] ?? 0; bits !== 0 && out.length < max; bits &= bits - 1) {
        out.push(index * 32 + (31 - Math.clz32(bits & -bits)));
      }
    }
    return out;
  }
}
