/**
 * A seeded PRNG (mulberry32). Math.random cannot be seeded, and the plan must be a pure function of
 * (scale, seed) because other tiers' seeders rebuild it to learn ids instead of reading our database.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /**
   * An independent stream per part of the plan (e.g. `Random.for(seed, 'persons', block)`), so a change in
   * how one part draws numbers leaves every other part, and every other subdistrict block, unchanged.
   */
  static for(seed: number, ...labels: (string | number)[]): Random {
    // FNV-1a over the seed and labels: cheap, and spreads nearby seeds far apart.
    let h = 0x811c9dc5;
    for (const ch of [seed, ...labels].join('/')) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
    return new Random(h);
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight: `[[value, weight], …]`. */
  weighted<T>(table: readonly (readonly [T, number])[]): T {
    let r = this.next() * table.reduce((sum, [, w]) => sum + w, 0);
    for (const [value, w] of table) if ((r -= w) < 0) return value;
    return table[table.length - 1]![0];
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}
