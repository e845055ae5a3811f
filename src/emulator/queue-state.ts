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
 * Lease ids map to their message, and so do refs (given on a message's first peek).
 *
 * Transitions that time makes due (a lease that ended, a message past retention) are applied when
 * a pull meets them on its way to the next available message, or by the bounded sweep each request
 * makes: at most {@link TRANSITIONS_PER_REQUEST} per request in all. A pull takes, one message at a
 * time, the earliest of the first available (if due) and the first leased (if its lease ended), so
 * the order of availability is the one an eager clock would give. Metrics are exact whenever no
 * request's sweep was cut short by the budget; after a mass expiry they converge within a few
 * requests. A peek reads the same order without taking anything out of it (see {@link QueueState.peek}).
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
 * benchmark's heap per queued 100-byte message is about 323 B (315 before the `ref` slot), that is
 * some 210 B beside the body's string; a lease adds about 100 B (its id and its map entry), and so
 * does a ref once the message is peeked.
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
  /** What purges it: given on its first peek (most messages are never peeked), then kept while it exists. */
  ref: string | null;
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

/**
 * Warnings by lease id or ref. A Map, because the key is the client's string: `__proto__` must stay
 * a key like any other.
 */
export type Warnings = Map<string, string>;

export interface Settlement {
  ackCount: number;
  retryCount: number;
  warnings: Warnings;
}

/** Why a lease id or ref changed nothing; `action` names what the request asked (a retry, an extend). */
const WARNINGS = {
  unknown: "lease not found: the message was already acknowledged, dead-lettered, purged or deleted",
  superseded: (action: string) =>
    `lease superseded: the message was leased again since; the ${action} changed nothing`,
  expired: (action: string) =>
    `lease expired: the message is already due for redelivery; the ${action} changed nothing`,
  unknownRef: "ref not found: the message was already acknowledged, dead-lettered, purged or deleted",
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
  readonly #byRef = new Map<string, StoredMessage>();
  readonly #deadLetter: (message: StoredMessage, now: number) => void;
  readonly #newLeaseId: () => string;
  readonly #newRef: () => string;
  readonly #usage: StorageUsage;
  readonly #retentionMs: number;
  #count = 0;
  #bytes = 0;

  constructor(
    id: string,
    config: ResolvedQueueConfig,
    hooks: {
      deadLetter: (message: StoredMessage, now: number) => void;
      newLeaseId: () => string;
      newRef: () => string;
      usage: StorageUsage;
    },
  ) {
    this.id = id;
    this.config = config;
    this.#deadLetter = hooks.deadLetter;
    this.#newLeaseId = hooks.newLeaseId;
    this.#newRef = hooks.newRef;
    this.#usage = hooks.usage;
    this.#retentionMs = config.message_retention_period * 1000;
  }

  /**
   * Its messages' count and bytes, and the oldest of them. Exact when the last sweep was not cut
   * short by its budget (see the top of this file).
   */
  backlog(): { count: number; bytes: number; oldest: StoredMessage | undefined } {
    return { count: this.#count, bytes: this.#bytes, oldest: this.#byAge.first() };
  }

  /** Applies due transitions in the order time made them due, until none is left or the budget is spent. */
  sweep(now: number, budget: Budget): void {
    while (budget.left > 0) {
      const leased = this.#leased.first();
      const ended = leased && leased.leaseExpiry <= now ? leased : undefined;
      const oldest = this.#byAge.first();
      const retired = oldest && this.#retired(oldest, now) ? oldest : undefined;
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
      ref: null,
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
      const retired = this.#retired(message, now);
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
      const message = this.#heldUnder(leaseId, "retry", now);
      if (typeof message === "string") {
        result.warnings.set(leaseId, message);
        continue;
      }
      this.#leased.remove(message);
      this.#failed(message, now + (delaySeconds ?? this.config.retry_delay) * 1000, now);
      result.retryCount++;
    }
    return result;
  }

  /**
   * Up to `max` messages in the order pull would deliver them, changing none of them (no lease, no
   * attempt): each gets its ref on its first peek. The request's sweep comes first (the store runs
   * it), as any request's does, so ended leases are available again and messages past retention are
   * gone. Then it reads in delivery order without scanning: the available order from its start (its
   * list from the head, merged with its heap read in order, see `Ordered.inOrder`), stopping at the
   * first message not yet due; merged, in case the sweep's budget ran out, with the leases that
   * ended (the lease order from its start), exactly as `lease` merges them. O(max log max) beyond
   * the sweep.
   */
  peek(max: number, now: number): { message: StoredMessage; ref: string }[] {
    const dueFirst = (order: Iterator<StoredMessage>, dueAt: (message: StoredMessage) => number) => () => {
      const next = order.next();
      return next.done || dueAt(next.value) > now ? undefined : next.value;
    };
    const nextAvailable = dueFirst(this.#available.inOrder(), (m) => m.availableAt);
    const nextEnded = dueFirst(this.#leased.inOrder(), (m) => m.leaseExpiry);
    let available = nextAvailable();
    let ended = nextEnded();
    // Left only when the sweep's budget ran out: due for deletion or dead-lettering, so never
    // delivered again. Skipped, not applied (that is the next sweeps' work), and at most this many.
    let skippable = TRANSITIONS_PER_REQUEST;
    const out = [];
    while (out.length < max && (available || ended)) {
      let message: StoredMessage;
      if (ended && (!available || expiredFirst(ended, available))) {
        message = ended;
        ended = nextEnded();
      } else {
        message = available!;
        available = nextAvailable();
      }
      if (this.#retired(message, now) || (message.state === LEASED && this.#onLastAttempt(message))) {
        if (--skippable < 0) break;
        continue;
      }
      out.push({ message, ref: this.#refOf(message) });
    }
    return out;
  }

  /**
   * Deletes the messages with these refs at once, whatever their state (a later ack of one of
   * their leases then warns, as for any unknown lease). A ref that matches no message is a warning.
   */
  purge(refs: string[]): Warnings {
    const warnings: Warnings = new Map();
    for (const ref of refs) {
      const message = this.#byRef.get(ref);
      if (message) this.#delete(message);
      else warnings.set(ref, WARNINGS.unknownRef);
    }
    return warnings;
  }

  /**
   * Each lease that is its message's current, live lease now ends `visibilityMs` after `now`; the
   * lease id stays the same (valid for ack and retry) and attempts do not change. Any other lease
   * id is a warning saying why, as for a retry. Work in proportion to the request, as `settle`.
   */
  extend(leaseIds: string[], visibilityMs: number, now: number): { extendCount: number; warnings: Warnings } {
    const result = { extendCount: 0, warnings: new Map<string, string>() };
    for (const leaseId of leaseIds) {
      const message = this.#heldUnder(leaseId, "extend", now);
      if (typeof message === "string") {
        result.warnings.set(leaseId, message);
        continue;
      }
      this.#leased.remove(message);
      message.leaseExpiry = now + visibilityMs;
      this.#leased.add(message);
      result.extendCount++;
    }
    return result;
  }

  /**
   * The message that `leaseId` is the current, live lease of (its own due transition applied
   * first), or why there is none, for a retry or an extend (`action`): only the consumer that holds
   * a message now may change its lease.
   */
  #heldUnder(leaseId: string, action: string, now: number): StoredMessage | string {
    const message = this.#byLease.get(leaseId);
    if (!message || !this.#applyDue(message, now)) return WARNINGS.unknown;
    if (message.leases![message.leases!.length - 1] !== leaseId) return WARNINGS.superseded(action);
    if (message.state !== LEASED) return WARNINGS.expired(action);
    return message;
  }

  /** The message's ref, given (and indexed) on first use. */
  #refOf(message: StoredMessage): string {
    if (message.ref === null) {
      message.ref = this.#newRef();
      this.#byRef.set(message.ref, message);
    }
    return message.ref;
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
    if (this.#retired(message, now)) this.#delete(message);
    else if (message.state === LEASED && message.leaseExpiry <= now) this.#expire(message, now);
    return message.state !== GONE;
  }

  /** Whether the message is past the queue's retention period: then it is deleted, never delivered. */
  #retired(message: StoredMessage, now: number): boolean {
    return message.timestamp + this.#retentionMs <= now;
  }

  /** Whether the message's latest delivery was its last attempt: failing it dead-letters the message. */
  #onLastAttempt(message: StoredMessage): boolean {
    return message.attempts >= this.config.max_retries + 1;
  }

  /** A lease ended unsettled: a failed attempt, due again from the moment it ended. */
  #expire(message: StoredMessage, now: number): void {
    this.#leased.remove(message);
    this.#failed(message, message.leaseExpiry, now);
  }

  /** A delivery failed (retry or lease expiry): deliver again, or dead-letter after the last attempt. */
  #failed(message: StoredMessage, availableAt: number, now: number): void {
    if (this.#onLastAttempt(message)) {
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
    if (message.ref !== null) this.#byRef.delete(message.ref);
    this.#count--;
    this.#bytes -= message.bytes;
    this.#usage.bytes -= storedSize(message.bytes);
  }
}
