/**
 * A small seeded PRNG (mulberry32) so a failing fuzz run can be replayed: every fuzzer prints its
 * seed, and `FUZZ_SEED=<seed>` runs the same messages again.
 */
export class Rng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: no items');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Random characters, including some that need escaping and some outside the BMP. */
  text(maxLength: number): string {
    const alphabet = ['a', 'Z', '0', ' ', '"', '\\', '/', '<', '>', '&', '\n', '\t', '\u0000', 'é', '\u202e', '\ufeff', '😀', '{', '}', '.', '%'];
    let out = '';
    const length = this.int(0, maxLength);
    for (let index = 0; index < length; index += 1) out += this.pick(alphabet);
    return out;
  }
}

/** The seed from `FUZZ_SEED`, or a fresh one. */
export function fuzzSeed(): number {
  const fromEnv = Number(process.env.FUZZ_SEED);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 1 + Math.floor(Math.random() * 0x7fffffff);
}
