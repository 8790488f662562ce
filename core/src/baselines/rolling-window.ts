/**
 * A bounded, event-time window of observations for a rolling baseline: keeps what started in
 * the last `windowMs` before the newest time seen (or the `now` passed), at most `maxItems`
 * (oldest dropped first). No clock: times come with the observations.
 */
export interface RollingWindowOptions {
  windowMs: number;
  maxItems: number;
}

export class RollingWindow<T extends { startMs: number }> {
  private items: T[] = [];

  constructor(private readonly options: RollingWindowOptions) {}

  /** Adds an observation (late ones are placed by time); drops what fell out of the window. */
  add(item: T): void {
    let index = this.items.length;
    while (index > 0 && this.items[index - 1]!.startMs > item.startMs) index -= 1;
    this.items.splice(index, 0, item);
    this.evict(this.items.at(-1)!.startMs);
  }

  /** Drops observations older than `nowMs - windowMs` and any over the item limit. */
  evict(nowMs: number): void {
    const oldest = nowMs - this.options.windowMs;
    let drop = 0;
    while (drop < this.items.length && this.items[drop]!.startMs < oldest) drop += 1;
    drop = Math.max(drop, this.items.length - this.options.maxItems);
    if (drop > 0) this.items.splice(0, drop);
  }

  /** The observations in time order (a copy). */
  values(): T[] {
    return [...this.items];
  }

  get size(): number {
    return this.items.length;
  }
}
