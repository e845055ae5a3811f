/**
 * One queue's messages and their lifecycle, with no timers: lease expiry, delays and retention are
 * applied lazily from the clock when a request touches the queue, and no request does more than a
 * bounded amount of that work, whatever the backlog.
 *
 * Every message is in two orders (see `Ordered`: a linked list for what arrives in order, O(1), and
 * a heap for the rest, O(log n)):
 * - by age, (timestamp, seq), all its life: retention and the oldest timestamp read its first. A
 *   dead-lettered message keeps its old timestamp, so it lands in the heap, in O(log n);
 * - while available, by (availableAt, seq): what is due now and not before the list's tail is
 *   appended; delayed messages, retries and ended leases go to the heap;
 * - while leased, by (leaseExpiry, seq).
 * Lease ids map to their message.
 *
 * Transitions that time makes due (a lease that ended, a message past retention) are applied when
 * a pull meets them on its way to the next available message, or by the bounded sweep each request
 * makes: at most {@link TRANSITIONS_PER_REQUEST} per request in all. A pull takes, one message at a
 * time, the earliest of the first available (if due) and the first leased (if its lease ended), so
 * the order of availability is the one an eager clock would give. Metrics are exact whenever no
 * request's sweep was cut short by the budget; after a mass expiry they converge within a few
 * requests. A later `peek(max)` can read the first `max` available messages in delivery order
 * without changing anything: the available list from its head, merged with the smallest of the
 * available and lease heaps.
 */
import type { ResolvedQueueConfig } from "./config.js";
import { Ordered } from "./ordered.js";

/**
 * The most lazily-due transitions (a lease that ended, a message past retention) one request
 * applies. A request then costs at most this many O(log n) steps on top of its own messages: a few
 * milliseconds, where 1,000,000 leases ending together once cost the next pull 679 ms.
 */
export const TRANSITIONS_PER_REQUEST = 1024;

/** What one request may still spend on due transitions. */
export interface Budget {
  left: number;
}

export const newBudget = (): Budget => ({ left: TRANSITIONS_PER_REQUEST });

/**
 * What `max_stored_bytes` counts for a message beyond its body: its bookkeeping. Measured: the
 * benchmark's heap per queued 100-byte message is about 315 B, that is some 200 B beside the body's
 * string, and a lease adds about 100 B (its id and its map entry).
 */
export const MESSAGE_OVERHEAD_BYTES = 300;

/** The bytes a message counts against `max_stored_bytes`. */
export const storedSize = (bodyBytes: number): number => bodyBytes + MESSAGE_OVERHEAD_BYTES;

/** The bytes stored across all queues, shared by them. */
export interface StorageUsage {
  bytes: number;
}

const AVAILABLE = 0;
const LEASED = 1;
const GONE = 2;

export interface StoredMessage {
  /** Emulator-wide sequence number: the id's suffix and the tie-break of equal times. */
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
  /** Its place among the available or the leased messages (it is one or the other). */
  prev: StoredMessage | null;
  next: StoredMessage | null;
  heapIndex: number;
  /** Its place by age. */
  older: StoredMessage | null;
  newer: StoredMessage | null;
  ageIndex: number;
}

const BY_STATE = { prev: "prev", next: "next", index: "heapIndex" } as const;
const BY_AGE = { prev: "older", next: "newer", index: "ageIndex" } as const;

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
const byAge = (a: StoredMessage, b: StoredMessage) =>
  a.timestamp < b.timestamp || (a.timestamp === b.timestamp && a.seq < b.seq);
/** Whether an ended lease (due again at its expiry) comes before an available message. */
const expiredFirst = (leased: StoredMessage, available: StoredMessage) =>
  leased.leaseExpiry < available.availableAt ||
  (leased.leaseExpiry === available.availableAt && leased.seq < available.seq);

export class QueueState {
  readonly id: string;
  readonly config: ResolvedQueueConfig;
  readonly #available = new Ordered(byAvailability, BY_STATE);
  readonly #leased = new Ordered(byLeaseExpiry, BY_STATE);
  readonly #byAge = new Ordered(byAge, BY_AGE);
  readonly #byLease = new Map<string, StoredMessage>();
  readonly #deadLetter: (message: StoredMessage, now: number) => void;
  readonly #newLeaseId: () => string;
  readonly #usage: StorageUsage;
  /** Times in this queue are ms since this moment (see `QueueStore`). */
  readonly #epoch: number;
  readonly #retentionMs: number;
  #count = 0;
  #bytes = 0;

  constructor(
    id: string,
    config: ResolvedQueueConfig,
    hooks: {
      deadLetter: (message: StoredMessage, now: number) => void;
      newLeaseId: () => string;
      epoch: number;
      usage: StorageUsage;
    },
  ) {
    this.id = id;
    this.config = config;
    this.#deadLetter = hooks.deadLetter;
    this.#newLeaseId = hooks.newLeaseId;
    this.#epoch = hooks.epoch;
    this.#usage = hooks.usage;
    this.#retentionMs = config.message_retention_period * 1000;
  }

  /** Exact when the last sweep was not cut short by its budget (see the top of this file). */
  metrics(): Metrics {
    const oldest = this.#byAge.first();
    return {
      backlog_count: this.#count,
      backlog_bytes: this.#bytes,
      oldest_message_timestamp_ms: oldest ? oldest.timestamp + this.#epoch : 0,
    };
  }

  /** Applies due transitions in the order time made them due, until none is left or the budget is spent. */
  sweep(now: number, budget: Budget): void {
    while (budget.left > 0) {
      const leased = this.#leased.first();
      const ended = leased && leased.leaseExpiry <= now ? leased : undefined;
      const oldest = this.#byAge.first();
      const retired = oldest && oldest.timestamp + this.#retentionMs <= now ? oldest : undefined;
      if (!ended && !retired) return;
      budget.left--;
      if (retired && (!ended || retired.timestamp + this.#retentionMs <= ended.leaseExpiry))
        this.#delete(retired);
      else this.#expire(ended!, now);
    }
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
      leases: null,
      prev: null,
      next: null,
      heapIndex: -1,
      older: null,
      newer: null,
      ageIndex: -1,
    };
    this.#byAge.add(message);
    this.#count++;
    this.#bytes += message.bytes;
    this.#usage.bytes += storedSize(message.bytes);
    this.#makeAvailable(message, now + input.delaySeconds * 1000, now);
  }

  /**
   * Leases up to `max` available messages for `visibilityMs`, in order of availability. A lease
   * that ended or a message past retention met on the way is dealt with first, within the budget;
   * when the budget is spent, the pull returns what it has.
   */
  lease(
    max: number,
    visibilityMs: number,
    now: number,
    budget: Budget,
  ): { message: StoredMessage; leaseId: string }[] {
    const out = [];
    while (out.length < max) {
      const message = this.#earliestDue(now);
      if (!message) break;
      const retired = message.timestamp + this.#retentionMs <= now;
      if (retired || message.state === LEASED) {
        if (budget.left === 0) break;
        budget.left--;
        if (retired) this.#delete(message);
        else this.#expire(message, now);
        continue;
      }
      this.#available.remove(message);
      const leaseId = this.#newLeaseId();
      message.state = LEASED;
      message.attempts++;
      message.leaseExpiry = now + visibilityMs;
      (message.leases ??= []).push(leaseId);
      this.#byLease.set(leaseId, message);
      this.#leased.add(message);
      out.push({ message, leaseId });
    }
    return out;
  }

  /**
   * Acks (deletes) and retries by lease id. An ack settles the message under any of its lease ids
   * while it exists (late acks are allowed). A retry counts only under the message's current, live
   * lease: a stale one must never take the message from the consumer that holds it now. Anything
   * else becomes a warning, keyed by lease id, saying why. Each message named has its own due
   * transitions applied first (work in proportion to the request, not to the backlog).
   */
  settle(
    acks: string[],
    retries: { leaseId: string; delaySeconds: number | undefined }[],
    now: number,
  ): Settlement {
    const result: Settlement = { ackCount: 0, retryCount: 0, warnings: new Map() };
    for (const leaseId of acks) {
      const message = this.#byLease.get(leaseId);
      if (!message || !this.#applyDue(message, now)) {
        result.warnings.set(leaseId, WARNINGS.unknown);
        continue;
      }
      this.#delete(message);
      result.ackCount++;
    }
    for (const { leaseId, delaySeconds } of retries) {
      const message = this.#byLease.get(leaseId);
      const refused =
        !message || !this.#applyDue(message, now)
          ? WARNINGS.unknown
          : message.leases![message.leases!.length - 1] !== leaseId
            ? WARNINGS.superseded
            : message.state !== LEASED
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

  /** The earlier of the first available message (if due) and the first leased one (if its lease ended). */
  #earliestDue(now: number): StoredMessage | undefined {
    const available = this.#available.first();
    const due = available && available.availableAt <= now ? available : undefined;
    const leased = this.#leased.first();
    if (leased && leased.leaseExpiry <= now && (!due || expiredFirst(leased, due))) return leased;
    return due;
  }

  /** Applies this message's own due transition, if any; returns whether it still exists here. */
  #applyDue(message: StoredMessage, now: number): boolean {
    if (message.timestamp + this.#retentionMs <= now) this.#delete(message);
    else if (message.state === LEASED && message.leaseExpiry <= now) this.#expire(message, now);
    return message.state !== GONE;
  }

  /** A lease ended unsettled: a failed attempt, due again from the moment it ended. */
  #expire(message: StoredMessage, now: number): void {
    this.#leased.remove(message);
    this.#failed(message, message.leaseExpiry, now);
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
    message.state = AVAILABLE;
    // Only what is due now may join the list: its head must always be deliverable.
    this.#available.add(message, availableAt <= now);
  }

  #delete(message: StoredMessage): void {
    if (message.state === LEASED) this.#leased.remove(message);
    else this.#available.remove(message);
    this.#byAge.remove(message);
    message.state = GONE;
    for (const leaseId of message.leases ?? []) this.#byLease.delete(leaseId);
    message.leases = null;
    this.#count--;
    this.#bytes -= message.bytes;
    this.#usage.bytes -= storedSize(message.bytes);
  }
}
