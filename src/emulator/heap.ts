/**
 * A binary min-heap that records each item's position in the item itself, so an item can be
 * removed from the middle in O(log n) (an ack removes a message from the lease heap, for example).
 * The heap is told which field holds the position, so that one item can sit in two heaps at once
 * (a message is in the retention heap all its life, and in the delayed or the lease heap too).
 */
/** An item of the heap being read in order: its index there, and its own place among the candidates. */
interface Candidate {
  at: number;
  slot: number;
}

/** An item seen through its position field. */
type Positioned = Record<string, unknown>;

export class IndexedHeap<T extends object> {
  readonly #items: T[] = [];
  readonly #before: (a: T, b: T) => boolean;
  readonly #at: string;

  /**
   * @param before whether `a` comes out before `b`
   * @param position the name of the item's field that holds its index in this heap (-1: in none)
   */
  constructor(before: (a: T, b: T) => boolean, position: string) {
    this.#before = before;
    this.#at = position;
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  /**
   * The items in order, without removing any: O(log k) per item read, whatever the heap's size.
   * A heap's smallest item is its root, and the next one is always a child of an item already
   * read; so a small heap of the candidates (the children of what was read) yields them in order.
   * Valid only while the heap does not change.
   */
  *inOrder(): Generator<T, void, undefined> {
    const items = this.#items;
    if (items.length === 0) return;
    const candidates = new IndexedHeap<Candidate>((a, b) => this.#before(items[a.at]!, items[b.at]!), "slot");
    candidates.push({ at: 0, slot: -1 });
    for (let next = candidates.peek(); next; next = candidates.peek()) {
      candidates.remove(next);
      yield items[next.at]!;
      for (const child of [2 * next.at + 1, 2 * next.at + 2])
        if (child < items.length) candidates.push({ at: child, slot: -1 });
    }
  }

  push(item: T): void {
    const at = this.#items.length;
    this.#items.push(item);
    this.#up(at);
  }

  remove(item: T): void {
    const items = this.#items;
    const at = (item as Positioned)[this.#at] as number;
    if (items[at] !== item) return;
    const last = items.pop()!;
    (item as Positioned)[this.#at] = -1;
    if (at < items.length) {
      items[at] = last;
      (last as Positioned)[this.#at] = at;
      this.#down(at);
      this.#up((last as Positioned)[this.#at] as number);
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
      (parent as Positioned)[this.#at] = at;
      at = parentAt;
    }
    items[at] = item;
    (item as Positioned)[this.#at] = at;
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
      (next as Positioned)[this.#at] = at;
      at = child;
    }
    items[at] = item;
    (item as Positioned)[this.#at] = at;
  }
}
