/**
 * The emulator's state: its queues and the clock, and each operation on already-validated input,
 * answered in wire shapes (see `wire.ts`). Every operation reads the clock itself.
 */
import {
  checkConfig,
  DEFAULT_MAX_STORED_BYTES,
  resolveQueueConfig,
  type EmulatorConfig,
  type QueueConfig,
} from "./config.js";
import { base64Url } from "./base64.js";
import { newBudget, QueueState, storedSize, type StorageUsage, type StoredMessage } from "./queue-state.js";
import type { IncomingMessage } from "./requests.js";
import type { Schemas } from "./spec.js";
import {
  metricsOf,
  peekedMessage,
  pulledMessage,
  warningsOf,
  type Metrics,
  type WireContext,
} from "./wire.js";
import type { StorageRefusal } from "./envelope.js";

export interface EmulatorOptions {
  /** The clock, in ms since the epoch. Tests pass their own to move time without sleeping. @default Date.now */
  now?: () => number;
}

const randomHex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");

/** A peeked message's ref: 128 random bits, so that one cannot be guessed from another. */
const newRef = () => base64Url(crypto.getRandomValues(new Uint8Array(16)));

export class QueueStore {
  readonly config: EmulatorConfig;
  /** The clock, in ms since 1970 (see `#now` for the queues' own). */
  readonly #clock: () => number;
  readonly maxStoredBytes: number;
  readonly #usage: StorageUsage = { bytes: 0 };
  readonly #queues = new Map<string, QueueState>();
  /** The configured queues' settings, in a Map: a queue id is the client's string, and `constructor` is not a queue. */
  readonly #configured: Map<string, QueueConfig>;
  #seq = 0;
  /**
   * Message ids: a random prefix per emulator, then the sequence number, 32 hex characters in all.
   * Queues keep times as milliseconds since `epoch`, not since 1970: such numbers stay small
   * integers (V8 Smis) for 24 days, where epoch milliseconds would each be a separate heap object.
   * Three fewer objects per message: less memory, and much less for the garbage collector to walk.
   */
  readonly #wire: WireContext;

  constructor(config: EmulatorConfig = {}, options: EmulatorOptions = {}) {
    this.config = checkConfig(config);
    this.#configured = new Map(Object.entries(this.config.queues ?? {}));
    this.#clock = options.now ?? Date.now;
    this.maxStoredBytes = this.config.max_stored_bytes ?? DEFAULT_MAX_STORED_BYTES;
    this.#wire = { idPrefix: randomHex(8), epoch: Math.floor(this.#clock()) };
  }

  /** The clock, in ms since the epoch of the queues' times. */
  #now(): number {
    return this.#clock() - this.#wire.epoch;
  }

  /** The queue with this id, created with its configured settings (or the defaults) on first use. */
  queue(id: string, create: boolean): QueueState | undefined {
    let queue = this.#queues.get(id);
    if (!queue && (create || this.#configured.has(id))) {
      queue = new QueueState(id, resolveQueueConfig(this.#configured.get(id)), {
        deadLetter: (message, now) => this.#deadLetter(id, message, now),
        newLeaseId: () => crypto.randomUUID(),
        newRef,
        usage: this.#usage,
      });
      this.#queues.set(id, queue);
    }
    return queue;
  }

  /** Whether the queue exists or is configured (without creating it). */
  has(id: string): boolean {
    return this.#queues.has(id) || this.#configured.has(id);
  }

  /** A queue's metrics now (after a request's sweep of due transitions), or undefined if it does not exist. */
  metrics(id: string): Metrics | undefined {
    const queue = this.queue(id, false);
    if (!queue) return undefined;
    queue.sweep(this.#now(), newBudget());
    return metricsOf(queue, this.#wire);
  }

  /** The ids of the queues that exist so far. */
  queueIds(): string[] {
    return [...this.#queues.keys()];
  }

  /** Stores the messages, or none of them when they would pass `max_stored_bytes`. */
  push(
    queue: QueueState,
    messages: IncomingMessage[],
    batchDelay: number | undefined,
  ): { metrics: Metrics } | { refused: StorageRefusal } {
    const now = this.#now();
    const budget = newBudget();
    queue.sweep(now, budget); // first: it may free room
    const neededBytes = messages.reduce((sum, message) => sum + storedSize(message.bytes), 0);
    const fits = () => this.#usage.bytes + neededBytes <= this.maxStoredBytes;
    // Before refusing: queues nobody has touched lately may hold messages already due for deletion.
    for (const other of this.#queues.values()) {
      if (fits() || budget.left === 0) break;
      other.sweep(now, budget);
    }
    if (!fits()) {
      return {
        refused: { neededBytes, storedBytes: this.#usage.bytes, maxStoredBytes: this.maxStoredBytes },
      };
    }
    for (const message of messages) {
      queue.add(
        {
          seq: this.#seq++,
          body: message.body,
          contentType: message.contentType,
          bytes: message.bytes,
          timestamp: now,
          delaySeconds: message.delaySeconds ?? batchDelay ?? queue.config.delivery_delay,
        },
        now,
      );
    }
    return { metrics: metricsOf(queue, this.#wire) };
  }

  /** Leases up to `batchSize` (or the queue's default) messages for `visibilityMs` (or the queue's). */
  pull(
    queue: QueueState,
    batchSize: number | undefined,
    visibilityMs: number | undefined,
  ): Schemas["PullResult"] {
    const now = this.#now();
    const budget = newBudget();
    const leased = queue.lease(
      batchSize ?? queue.config.batch_size,
      visibilityMs ?? queue.config.visibility_timeout_ms,
      now,
      budget,
    );
    queue.sweep(now, budget);
    const messages = leased.map(({ message, leaseId }) => pulledMessage(message, leaseId, this.#wire));
    const metrics = metricsOf(queue, this.#wire);
    return { message_backlog_count: metrics.backlog_count, messages, metadata: { metrics } };
  }

  /** Acks and retries by lease id. */
  settle(
    queue: QueueState,
    acks: string[],
    retries: { leaseId: string; delaySeconds: number | undefined }[],
  ): Schemas["AckResult"] {
    const now = this.#now();
    const { ackCount, retryCount, warnings } = queue.settle(acks, retries, now);
    queue.sweep(now, newBudget());
    return { ackCount, retryCount, warnings: warningsOf(warnings) };
  }

  /** Up to `batchSize` (or the queue's default) available messages in delivery order, unchanged. */
  peek(queue: QueueState, batchSize: number | undefined): Schemas["PeekResult"] {
    const now = this.#now();
    queue.sweep(now, newBudget());
    const peeked = queue.peek(batchSize ?? queue.config.batch_size, now);
    return { messages: peeked.map(({ message, ref }) => peekedMessage(message, ref, this.#wire)) };
  }

  /** Deletes messages by ref, whatever their state. */
  purge(queue: QueueState, refs: string[]): Schemas["PurgeResult"] {
    const warnings = queue.purge(refs);
    queue.sweep(this.#now(), newBudget());
    return { warnings: warningsOf(warnings) };
  }

  /** Extends live leases by `visibilityMs` (or the queue's default visibility timeout) from now. */
  extend(queue: QueueState, leaseIds: string[], visibilityMs: number | undefined): Schemas["ExtendResult"] {
    const now = this.#now();
    const visibility = visibilityMs ?? queue.config.visibility_timeout_ms;
    const { extendCount, warnings } = queue.extend(leaseIds, visibility, now);
    queue.sweep(now, newBudget());
    return { extendCount, warnings: warningsOf(warnings) };
  }

  /** After its last failed delivery: into the dead-letter queue (same id, body, type, timestamp; attempts 0), or gone. */
  #deadLetter(from: string, message: StoredMessage, now: number): void {
    const target = this.queue(from, false)?.config.dead_letter_queue;
    if (!target) return;
    this.queue(target, true)!.add(
      {
        seq: message.seq,
        body: message.body,
        contentType: message.contentType,
        bytes: message.bytes,
        timestamp: message.timestamp,
        delaySeconds: 0,
        attempts: 0,
      },
      now,
    );
  }
}
