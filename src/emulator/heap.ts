/**
 * A binary min-heap that records each item's position in the item itself, so an item can be
 * removed from the middle in O(log n) (an ack removes a message from the lease heap, for example).
 * An item belongs to at most one heap at a time.
 */
export interface HeapItem {
  heapIndex: number;
}

export class IndexedHeap<T extends HeapItem> {
  readonly #items: T[] = [];
  readonly #before: (a: T, b: T) => boolean;

  /** @param before whether `a` comes out before `b` */
  constructor(before: (a: T, b: T) => boolean) {
    this.#before = before;
  }

  get size(): number {
    return this.#items.length;
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  push(item: T): void {
    item.heapIndex = this.#items.length;
    this.#items.push(item);
    this.#up(item.heapIndex);
  }

  pop(): T | undefined {
    const top = this.#items[0];
    if (top) this.remove(top);
    return top;
  }

  remove(item: T): void {
    const items = this.#items;
    const at = item.heapIndex;
    if (items[at] !== item) return;
    const last = items.pop()!;
    item.heapIndex = -1;
    if (at < items.length) {
      items[at] = last;
      last.heapIndex = at;
      this.#down(at);
      this.#up(last.heapIndex);
    }
  }

  #up(at: number): void {
    const items = this.#items;
    const item = items[at]!;
    while (at > 0) {
      const parentAt = (at - 1) >> 1;
      const parent = items[parentAt]!;
      if (!this.#before(item, parent)) break;
      items[at] = parent;
      parent.heapIndex = at;
      at = parentAt;
    }
    items[at] = item;
    item.heapIndex = at;
  }

  #down(at: number): void {
    const items = this.#items;
    const n = items.length;
    const item = items[at]!;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= n) break;
      if (child + 1 < n && this.#before(items[child + 1]!, items[child]!)) child++;
      const next = items[child]!;
      if (!this.#before(next, item)) break;
      items[at] = next;
      next.heapIndex = at;
      at = child;
    }
    items[at] = item;
    item.heapIndex = at;
  }
}
