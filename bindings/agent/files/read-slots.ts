// A bound on reads in flight across all followed files. Each read holds a buffer of up to a chunk (1 MiB); a
// node with 1,000 files starting at once would otherwise hold 1,000 of them. Slots are granted first come,
// first served, one chunk at a time, so a busy file cannot starve a quiet one.
export class ReadSlots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    this.free = Math.max(1, size);
  }

  async run<T>(read: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await read();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // the slot passes straight to the next reader
      else this.free++;
    }
  }
}
