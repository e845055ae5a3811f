/** The emulator's state: its queues, the clock, and the four operations on already-validated input. */
import {
  checkConfig,
  DEFAULT_MAX_STORED_BYTES,
  resolveQueueConfig,
  type EmulatorConfig,
  type QueueConfig,
} from "./config.js";
import { base64Utf8 } from "./base64.js";
import {
  newBudget,
  QueueState,
  storedSize,
  type Metrics,
  type StorageUsage,
  type StoredMessage,
} from "./queue-state.js";
import type { IncomingMessage } from "./requests.js";

export interface EmulatorOptions {
  /** The clock, in ms since the epoch. Tests pass their own to move time without sleeping. @default Date.now */
  now?: () => number;
}

export interface PulledWireMessage {
  id: string;
  body: string;
  attempts: number;
  lease_id: string;
  timestamp_ms: number;
  metadata: Record<string, string>;
}

/** Why a push was refused: it would have passed `max_stored_bytes`. */
export interface StorageRefusal {
  neededBytes: number;
  storedBytes: number;
  maxStoredBytes: number;
}

const randomHex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");

export class QueueStore {
  readonly config: EmulatorConfig;
  readonly now: () => number;
  readonly maxStoredBytes: number;
  readonly #usage: StorageUsage = { bytes: 0 };
  readonly #queues = new Map<string, QueueState>();
  /** The configured queues' settings, in a Map: a queue id is the client's string, and `constructor` is not a queue. */
  readonly #configured: Map<string, QueueConfig>;
  // Message ids: a random prefix per emulator, then the sequence number, 32 hex characters in all.
  readonly #idPrefix = randomHex(8);
  #seq = 0;
  /**
   * Queues keep times as milliseconds since this moment, not since 1970: such numbers stay small
   * integers (V8 Smis) for 24 days, where epoch milliseconds would each be a separate heap object.
   * Three fewer objects per message: less memory, and much less for the garbage collector to walk.
   */
  readonly #epoch: number;

  constructor(config: EmulatorConfig = {}, options: EmulatorOptions = {}) {
    this.config = checkConfig(config);
    this.#configured = new Map(Object.entries(this.config.queues ?? {}));
    this.now = options.now ?? Date.now;
    this.maxStoredBytes = this.config.max_stored_bytes ?? DEFAULT_MAX_STORED_BYTES;
    this.#epoch = Math.floor(this.now());
  }

  /** The queue with this id, created with its configured settings (or the defaults) on first use. */
  queue(id: string, create: boolean): QueueState | undefined {
    let queue = this.#queues.get(id);
    if (!queue && (create || this.#configured.has(id))) {
      queue = new QueueState(id, resolveQueueConfig(this.#configured.get(id)), {
        deadLetter: (message, now) => this.#deadLetter(id, message, now),
        epoch: this.#epoch,
        newLeaseId: () => crypto.randomUUID(),
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
    queue?.sweep(this.now() - this.#epoch, newBudget());
    return queue?.metrics();
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
    at: number,
  ): { metrics: Metrics } | { refused: StorageRefusal } {
    const now = at - this.#epoch;
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
    return { metrics: queue.metrics() };
  }

  pull(queue: QueueState, batchSize: number | undefined, visibilityMs: number | undefined, at: number) {
    const now = at - this.#epoch;
    const budget = newBudget();
    const leased = queue.lease(
      batchSize ?? queue.config.batch_size,
      visibilityMs ?? queue.config.visibility_timeout_ms,
      now,
      budget,
    );
    queue.sweep(now, budget);
    const messages = leased.map(({ message, leaseId }) => this.#toWire(message, leaseId));
    const metrics = queue.metrics();
    return { message_backlog_count: metrics.backlog_count, messages, metadata: { metrics } };
  }

  settle(
    queue: QueueState,
    acks: string[],
    retries: { leaseId: string; delaySeconds: number | undefined }[],
    at: number,
  ): { ackCount: number; retryCount: number; warnings: Record<string, string> } {
    const now = at - this.#epoch;
    const { ackCount, retryCount, warnings } = queue.settle(acks, retries, now);
    queue.sweep(now, newBudget());
    // Object.fromEntries defines own properties: a `__proto__` lease id stays a key of the JSON.
    return { ackCount, retryCount, warnings: Object.fromEntries(warnings) };
  }

  #toWire(message: StoredMessage, leaseId: string): PulledWireMessage {
    const metadata: Record<string, string> = {
      "CF-Content-Type": message.contentType,
      "CF-sourceMessageSource": "api",
    };
    if (message.delaySeconds > 0) metadata["CF-msg-delay-secs"] = String(message.delaySeconds);
    return {
      id: this.#idPrefix + message.seq.toString(16).padStart(16, "0"),
      body: message.contentType === "json" ? base64Utf8(message.body) : message.body,
      attempts: message.attempts,
      lease_id: leaseId,
      timestamp_ms: message.timestamp + this.#epoch,
      metadata,
    };
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
