/**
 * One queue's messages and their lifecycle, with no timers: lease expiry, delays and retention are
 * applied lazily from the clock whenever a request touches the queue.
 *
 * Every operation costs O(log n) or better per message, whatever the backlog:
 * - messages available in order of arrival wait in a FIFO (O(1)); delayed or out-of-order ones in a
 *   heap by (availableAt, seq); a pull takes the earlier of the two heads;
 * - leased messages sit in a heap by lease expiry, with removal in O(log n) on ack or retry;
 * - lease ids map to their message; all live messages form a list in publish order, so retention
 *   and the oldest timestamp are read from its head.
 */
import type { ResolvedQueueConfig } from "./config.js";
import { Fifo } from "./fifo.js";
import { IndexedHeap, type HeapItem } from "./heap.js";

const READY = 0;
const DELAYED = 1;
const LEASED = 2;
const GONE = 3;

export interface StoredMessage extends HeapItem {
  /** Emulator-wide sequence number: the id's suffix and the tie-break of equal availability. */
  readonly seq: number;
  /** The stored body: JSON text for `json`, the string for `text`. */
  readonly body: string;
  readonly contentType: "json" | "text";
  /** UTF-8 bytes of `body`. */
  readonly bytes: number;
  /** Publish time, in ms since the store's epoch. */
  readonly timestamp: number;
  /** The delay it was pushed with, in seconds (0 for none). */
  readonly delaySeconds: number;
  attempts: number;
  availableAt: number;
  leaseExpiry: number;
  state: number;
  /** Every lease id issued for it, the current one last: a late ack with any of them still settles it. */
  leases: string[] | null;
  prev: StoredMessage | null;
  next: StoredMessage | null;
}

export interface NewMessage {
  seq: number;
  body: string;
  contentType: "json" | "text";
  bytes: number;
  timestamp: number;
  delaySeconds: number;
  attempts?: number;
}

export interface Metrics {
  backlog_count: number;
  backlog_bytes: number;
  oldest_message_timestamp_ms: number;
}

export interface Settlement {
  ackCount: number;
  retryCount: number;
  /** By lease id. A Map, because a lease id is the client's string: `__proto__` must stay a key like any other. */
  warnings: Map<string, string>;
}

/** Why a lease id did not settle anything. */
const WARNINGS = {
  unknown: "lease not found: the message was already acknowledged, dead-lettered or deleted",
  superseded: "lease superseded: the message was leased again since; the retry changed nothing",
  expired: "lease expired: the message is already due for redelivery; the retry changed nothing",
};

const byAvailability = (a: StoredMessage, b: StoredMessage) =>
  a.availableAt < b.availableAt || (a.availableAt === b.availableAt && a.seq < b.seq);
const byLeaseExpiry = (a: StoredMessage, b: StoredMessage) =>
  a.leaseExpiry < b.leaseExpiry || (a.leaseExpiry === b.leaseExpiry && a.seq < b.seq);

export class QueueState {
  readonly id: string;
  readonly config: ResolvedQueueConfig;
  readonly #ready = new Fifo<StoredMessage>();
  readonly #delayed = new IndexedHeap<StoredMessage>(byAvailability);
  readonly #leased = new IndexedHeap<StoredMessage>(byLeaseExpiry);
  readonly #byLease = new Map<string, StoredMessage>();
  readonly #deadLetter: (message: StoredMessage, now: number) => void;
  readonly #newLeaseId: () => string;
  /** Times in this queue are ms since this moment (see `QueueStore`). */
  readonly #epoch: number;
  #oldest: StoredMessage | null = null;
  #newest: StoredMessage | null = null;
  #count = 0;
  #bytes = 0;

  constructor(
    id: string,
    config: ResolvedQueueConfig,
    hooks: {
      deadLetter: (message: StoredMessage, now: number) => void;
      newLeaseId: () => string;
      epoch: number;
    },
  ) {
    this.id = id;
    this.config = config;
    this.#deadLetter = hooks.deadLetter;
    this.#newLeaseId = hooks.newLeaseId;
    this.#epoch = hooks.epoch;
  }

  metrics(): Metrics {
    return {
      backlog_count: this.#count,
      backlog_bytes: this.#bytes,
      oldest_message_timestamp_ms: this.#oldest ? this.#oldest.timestamp + this.#epoch : 0,
    };
  }

  /** Applies everything that the passing of time has decided: expired leases, then retention. */
  advance(now: number): void {
    for (let top = this.#leased.peek(); top && top.leaseExpiry <= now; top = this.#leased.peek()) {
      this.#leased.remove(top);
      this.#failed(top, top.leaseExpiry, now);
    }
    const cutoff = now - this.config.message_retention_period * 1000;
    while (this.#oldest && this.#oldest.timestamp <= cutoff) this.#delete(this.#oldest);
  }

  /** Adds a message available `delaySeconds` after `now`. */
  add(input: NewMessage, now: number): void {
    // An explicit literal (not a spread) keeps one compact object shape for every message.
    const message: StoredMessage = {
      seq: input.seq,
      body: input.body,
      contentType: input.contentType,
      bytes: input.bytes,
      timestamp: input.timestamp,
      delaySeconds: input.delaySeconds,
      attempts: input.attempts ?? 0,
      availableAt: 0,
      leaseExpiry: 0,
      state: GONE,
      heapIndex: -1,
      leases: null,
      prev: null,
      next: null,
    };
    this.#link(message);
    this.#count++;
    this.#bytes += message.bytes;
    this.#makeAvailable(message, now + input.delaySeconds * 1000, now);
  }

  /** Leases up to `max` available messages for `visibilityMs`, in order of availability. */
  lease(max: number, visibilityMs: number, now: number): { message: StoredMessage; leaseId: string }[] {
    const out = [];
    while (out.length < max) {
      const message = this.#nextAvailable(now);
      if (!message) break;
      const leaseId = this.#newLeaseId();
      message.state = LEASED;
      message.attempts++;
      message.leaseExpiry = now + visibilityMs;
      (message.leases ??= []).push(leaseId);
      this.#byLease.set(leaseId, message);
      this.#leased.push(message);
      out.push({ message, leaseId });
    }
    return out;
  }

  /**
   * Acks (deletes) and retries by lease id. An ack settles the message under any of its lease ids
   * while it exists (late acks are allowed). A retry counts only under the message's current, live
   * lease: a stale one must never take the message from the consumer that holds it now. Anything
   * else becomes a warning, keyed by lease id, saying why.
   */
  settle(
    acks: string[],
    retries: { leaseId: string; delaySeconds: number | undefined }[],
    now: number,
  ): Settlement {
    const result: Settlement = { ackCount: 0, retryCount: 0, warnings: new Map() };
    for (const leaseId of acks) {
      const message = this.#byLease.get(leaseId);
      if (!message) {
        result.warnings.set(leaseId, WARNINGS.unknown);
        continue;
      }
      this.#delete(message);
      result.ackCount++;
    }
    for (const { leaseId, delaySeconds } of retries) {
      const message = this.#byLease.get(leaseId);
      const refused = !message
        ? WARNINGS.unknown
        : message.leases![message.leases!.length - 1] !== leaseId
          ? WARNINGS.superseded
          : message.state !== LEASED || message.leaseExpiry <= now
            ? WARNINGS.expired
            : undefined;
      if (refused) {
        result.warnings.set(leaseId, refused);
        continue;
      }
      this.#leased.remove(message!);
      this.#failed(message!, now + (delaySeconds ?? this.config.retry_delay) * 1000, now);
      result.retryCount++;
    }
    return result;
  }

  /** A delivery failed (retry or lease expiry): deliver again, or dead-letter after the last attempt. */
  #failed(message: StoredMessage, availableAt: number, now: number): void {
    if (message.attempts >= this.config.max_retries + 1) {
      this.#delete(message);
      this.#deadLetter(message, now);
    } else {
      this.#makeAvailable(message, availableAt, now);
    }
  }

  #makeAvailable(message: StoredMessage, availableAt: number, now: number): void {
    message.availableAt = availableAt;
    const last = this.#ready.last();
    // The FIFO stays sorted by (availableAt, seq), so anything due now and not earlier than its tail
    // can join it in O(1); the rest waits in the heap.
    if (availableAt <= now && (!last || !byAvailability(message, last))) {
      message.state = READY;
      this.#ready.push(message);
    } else {
      message.state = DELAYED;
      this.#delayed.push(message);
    }
  }

  #nextAvailable(now: number): StoredMessage | undefined {
    let head = this.#ready.peek();
    while (head && head.state !== READY) {
      this.#ready.shift(); // deleted while waiting (late ack, retention): skipped lazily
      head = this.#ready.peek();
    }
    const delayed = this.#delayed.peek();
    const next = head && (!delayed || byAvailability(head, delayed)) ? head : delayed;
    if (!next || next.availableAt > now) return undefined;
    if (next === head) this.#ready.shift();
    else this.#delayed.remove(next);
    return next;
  }

  #delete(message: StoredMessage): void {
    if (message.state === LEASED) this.#leased.remove(message);
    else if (message.state === DELAYED) this.#delayed.remove(message);
    message.state = GONE;
    for (const leaseId of message.leases ?? []) this.#byLease.delete(leaseId);
    message.leases = null;
    this.#unlink(message);
    this.#count--;
    this.#bytes -= message.bytes;
  }

  /** Inserts into the publish-order list; dead-lettered messages keep their old timestamp. */
  #link(message: StoredMessage): void {
    let after = this.#newest;
    while (after && after.timestamp > message.timestamp) after = after.prev;
    message.prev = after;
    message.next = after ? after.next : this.#oldest;
    if (message.next) message.next.prev = message;
    else this.#newest = message;
    if (after) after.next = message;
    else this.#oldest = message;
  }

  #unlink(message: StoredMessage): void {
    if (message.prev) message.prev.next = message.next;
    else this.#oldest = message.next;
    if (message.next) message.next.prev = message.prev;
    else this.#newest = message.prev;
    message.prev = message.next = null;
  }
}
