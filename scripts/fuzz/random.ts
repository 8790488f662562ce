/**
 * A small seeded generator (sfc32, seeded through a string hash) so that a fuzz run is
 * reproducible from its `--seed`: the same seed and count give the same inputs in the same order
 * (what each worker sends next is drawn when it asks, so the interleaving of workers may differ).
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string | number) {
    // Four 32-bit words from the seed text (FNV-1a variants), then warm up the state.
    const text = String(seed);
    const words = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b].map((start) => {
      let h = start >>> 0;
      for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
      return h;
    });
    [this.a, this.b, this.c, this.d] = words as [number, number, number, number];
    for (let i = 0; i < 15; i += 1) this.next();
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  /** One of the keys, drawn in proportion to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as Array<[K, number]>;
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.float() * total;
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries.at(-1)![0];
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 4) {
      const word = this.next();
      for (let j = 0; j < 4 && i + j < length; j += 1) out[i + j] = (word >>> (j * 8)) & 0xff;
    }
    return out;
  }

  /** A length skewed towards small values, occasionally up to `max`. */
  length(max: number): number {
    const roll = this.float();
    if (roll < 0.6) return this.int(0, Math.min(16, max));
    if (roll < 0.9) return this.int(0, Math.min(256, max));
    if (roll < 0.98) return this.int(0, Math.min(8192, max));
    return this.int(0, max);
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += this.next().toString(16).padStart(8, '0');
    return out.slice(0, length);
  }
}
