/**
 * A small seeded PRNG (sfc32, by Chris Doty-Humphrey) whose whole state is four 32-bit integers,
 * so a run can checkpoint it and replay the exact same draws. Nothing in the simulation may use
 * Math.random: every random choice comes from the run's Random.
 */

export type RandomState = readonly [number, number, number, number];

/** splitmix32: spreads a user seed over the four words of sfc32's state. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  private constructor(state: RandomState) {
    [this.a, this.b, this.c, this.d] = state;
  }

  static fromSeed(seed: number): Random {
    const next = splitmix32(seed);
    const random = new Random([next(), next(), next(), next()]);
    // Discard the first draws: sfc32 mixes poorly right after seeding.
    for (let i = 0; i < 12; i++) random.nextUint32();
    return random;
  }

  static fromState(state: RandomState): Random {
    return new Random(state);
  }

  state(): RandomState {
    return [this.a, this.b, this.c, this.d];
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform float in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.float();
  }

  /** A uniform integer in [min, max); returns min when the range is empty. */
  int(min: number, max: number): number {
    if (max <= min) return min;
    return min + Math.floor(this.float() * (max - min));
  }

  /** True with probability p. Draws nothing when p is 0 or 1, so turning a fault off keeps other draws. */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Random.pick: cannot pick from an empty list');
    return items[this.int(0, items.length)] as T;
  }
}
