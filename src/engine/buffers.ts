// Growable typed-array buffers reused across days, so the hot loops allocate nothing in steady state.

/** A list of int32 values that doubles its storage when full and is cleared, not freed, each day. */
export class IntList {
  data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = value;
  }

  clear(): void {
    this.length = 0;
  }

  /** Storage for at least n values (contents undefined), for use as scratch space. */
  reserve(n: number): Int32Array {
    while (this.data.length < n) this.grow();
    return this.data;
  }

  /** Sorts the values ascending and removes repeats, in place. */
  sortUnique(): void {
    if (this.length < 2) return;
    const view = this.data.subarray(0, this.length);
    let ascending = true;
    for (let r = 1; r < this.length && ascending; r++) ascending = view[r] > view[r - 1];
    if (ascending) return;
    view.sort();
    let w = 1;
    for (let r = 1; r < this.length; r++) {
      if (view[r] !== view[w - 1]) view[w++] = view[r];
    }
    this.length = w;
  }

  private grow(): void {
    const next = new Int32Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }
}

/** Agents due for attention on a future day, kept per day. */
export class Calendar {
  private readonly days = new Map<number, IntList>();

  add(day: number, value: number): void {
    let list = this.days.get(day);
    if (list === undefined) {
      list = new IntList(16);
      this.days.set(day, list);
    }
    list.push(value);
  }

  /** Removes and returns the entries due on `day`, or undefined when there are none. */
  take(day: number): IntList | undefined {
    const list = this.days.get(day);
    if (list !== undefined) this.days.delete(day);
    return list;
  }

  get pendingDays(): number {
    return this.days.size;
  }
}
