/**
 * Items in one order, kept cheaply when most of them arrive in that order (messages published,
 * leased or made available one after another): an item that does not sort before the last one
 * appended joins a doubly-linked list in O(1); any other waits in an indexed heap, in O(log n). The
 * first item is the list's head or the heap's top. Removal from anywhere: O(1) from the list,
 * O(log n) from the heap, and nothing left behind.
 *
 * Why not a heap alone: on a backlog of a million, every heap removal walks ~20 objects scattered
 * over the heap's memory, and an ack of the oldest message (the common case) paid that in full.
 *
 * The links and the heap position live in the items, in the fields named at construction, so one
 * item can be in two orders at once (a message by age, and by availability or lease expiry).
 */
import { IndexedHeap } from "./heap.js";

/** The names of an item's fields that hold its links and its heap position (-1: not in the heap). */
export interface LinkFields {
  prev: string;
  next: string;
  index: string;
}

/** An item seen through its link fields. */
type Slots<T> = Record<string, T | null | number>;

export class Ordered<T extends object> {
  readonly #before: (a: T, b: T) => boolean;
  readonly #prev: string;
  readonly #next: string;
  readonly #index: string;
  readonly #heap: IndexedHeap<T>;
  #head: T | null = null;
  #tail: T | null = null;

  /** @param before whether `a` comes before `b` */
  constructor(before: (a: T, b: T) => boolean, fields: LinkFields) {
    this.#before = before;
    this.#prev = fields.prev;
    this.#next = fields.next;
    this.#index = fields.index;
    this.#heap = new IndexedHeap(before, fields.index);
  }

  /** Adds `item`: to the list if `mayAppend` and it does not sort before the tail, else to the heap. */
  add(item: T, mayAppend = true): void {
    const tail = this.#tail;
    if (!mayAppend || (tail && this.#before(item, tail))) {
      this.#heap.push(item);
      return;
    }
    const slots = item as Slots<T>;
    slots[this.#prev] = tail;
    slots[this.#next] = null;
    if (tail) (tail as Slots<T>)[this.#next] = item;
    else this.#head = item;
    this.#tail = item;
  }

  /** The first item in the order, or undefined when there is none. */
  first(): T | undefined {
    const head = this.#head;
    const top = this.#heap.peek();
    if (!top) return head ?? undefined;
    return head && !this.#before(top, head) ? head : top;
  }

  /**
   * The items in order, without changing anything: the list from its head (already in order)
   * merged with the heap read in order (see {@link IndexedHeap.inOrder}). Reading the first k costs
   * O(k log k), whatever the number of items. Valid only while nothing is added or removed.
   */
  *inOrder(): Generator<T, void, undefined> {
    const fromHeap = this.#heap.inOrder();
    let top = fromHeap.next().value;
    let link = this.#head;
    while (link || top) {
      if (top && (!link || this.#before(top, link))) {
        yield top;
        top = fromHeap.next().value;
      } else {
        yield link!;
        link = (link as Slots<T>)[this.#next] as T | null;
      }
    }
  }

  /** Removes `item`; does nothing if it is not here. */
  remove(item: T): void {
    const slots = item as Slots<T>;
    if ((slots[this.#index] as number) >= 0) {
      this.#heap.remove(item);
      return;
    }
    const prev = slots[this.#prev] as T | null;
    const next = slots[this.#next] as T | null;
    if (prev) (prev as Slots<T>)[this.#next] = next;
    else if (this.#head === item) this.#head = next;
    else return; // in neither
    if (next) (next as Slots<T>)[this.#prev] = prev;
    else this.#tail = prev;
    slots[this.#prev] = null;
    slots[this.#next] = null;
  }
}
