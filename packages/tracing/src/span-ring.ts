/**
 * The most recent `capacity` items, oldest overwritten first: what a process keeps of its finished spans
 * so an operator can look at a trace without a collector. Fixed memory, O(1) per push; queries scan it
 * (an admin reading a few thousand entries, not a hot path).
 */
export class Ring<T> {
  private readonly items: (T | undefined)[];
  private next = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
    this.items = new Array(capacity);
  }

  push(item: T): void {
    this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size += 1;
  }

  get length(): number {
    return this.size;
  }

  /** Oldest first. */
  *[Symbol.iterator](): IterableIterator<T> {
    const start = (this.next - this.size + this.capacity) % this.capacity;
    for (let i = 0; i < this.size; i++) yield this.items[(start + i) % this.capacity]!;
  }

  filter(keep: (item: T) => boolean): T[] {
    const found: T[] = [];
    for (const item of this) if (keep(item)) found.push(item);
    return found;
  }
}
