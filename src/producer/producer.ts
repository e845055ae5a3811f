/**
 * The producer: messages checked one by one as they are given, sent as the fewest batches the API
 * allows, a few at a time, with an outcome for each message. It knows nothing of HTTP: it hands each
 * batch of already checked messages to a {@link BatchSender} (`http-sender.ts` posts them to the
 * API; `cfq/workers` hands them to a Workers Queue binding).
 *
 * A message goes through, in order:
 *   waiting for room (only past `maxOutstandingMessages` / `maxOutstandingBytes`)
 *     → the open batch, sealed when full by count or bytes, or when it has lingered and a slot is free
 *       → the sealed batches, started in order as slots free up (at most `concurrency` at once)
 *         → settled with its batch's outcome.
 * What one call gives (one message for `send` and each item of `sendMany`, all of a `sendBatch`) is
 * one entry: it waits, enters a batch and settles whole, so a `sendBatch` always goes in one request.
 */
import { checkIterable, checkObject, refuse } from "../core/check.js";
import { QueuesError } from "../core/errors.js";
import { LIMITS } from "../core/limits.js";
import type { JsonObject, MessageSendRequest, SendResult } from "../client/types.js";
import { prepareBatch, prepareItem, prepareMessage, type PreparedMessage } from "./message.js";
import type {
  BatchOptions,
  JsonMessageOptions,
  ProducerStats,
  SendFailure,
  SendManyResult,
  SendReceipt,
  TextMessageOptions,
} from "./options.js";
import type { ProducerSettings } from "./settings.js";

/**
 * Sends one batch (1 to 100 checked messages, at most 256,000 body bytes) and resolves to the
 * queue's answer; calls `countRequest` for each request it makes, retries included.
 */
export type BatchSender = (
  messages: readonly PreparedMessage[],
  countRequest: () => void,
) => Promise<SendResult>;

type Outcome = { ok: true; receipt: SendReceipt } | SendFailure;

interface Entry {
  /** The messages given in one call: one, or those of a `sendBatch`. */
  messages: PreparedMessage[];
  /** Their body bytes. */
  bytes: number;
  /** The order in which messages were given, for `flush()`. */
  seq: number;
  settle(outcome: Outcome): void;
  /** Called when the entry leaves the waiting line for the buffer. */
  entered?: (() => void) | undefined;
}

type Source =
  { iterator: AsyncIterator<unknown>; async: true } | { iterator: Iterator<unknown>; async: false };

interface Batch {
  entries: Entry[];
  /** Messages in it (entries may hold several). */
  count: number;
  bytes: number;
}

interface PendingFlush {
  /** Settles when every entry below this `seq` has settled. */
  below: number;
  remaining: number;
  resolve(): void;
}

const SEND_OPTIONS = ["contentType", "delaySeconds"];
const BATCH_OPTIONS = ["delaySeconds"];
const OK: SendManyResult = Object.freeze({ ok: true });

export class Producer {
  readonly #sendBatch: BatchSender;
  readonly #settings: ProducerSettings;
  /** Entries given while there was no room, in order. */
  readonly #waiting: Entry[] = [];
  /** The batch being filled. */
  #open: Entry[] = [];
  #openCount = 0;
  #openBytes = 0;
  #linger: ReturnType<typeof setTimeout> | undefined;
  #lingered = false;
  /** Full (or hurried) batches, in order, waiting for a slot. */
  readonly #sealed: Batch[] = [];
  #batchesInFlight = 0;
  /** Messages and bytes in the buffer and in flight: what the bounds count. */
  #outstanding = 0;
  #outstandingBytes = 0;
  #inFlight = 0;
  #nextSeq = 0;
  #unsettled = 0;
  /** Entries below this `seq` are sent without lingering (asked by `flush()`, or the end of a `sendMany`). */
  #hurryBelow = 0;
  readonly #flushes: PendingFlush[] = [];
  /** The `sendMany` calls still running: `close()` waits for them. */
  readonly #readers = new Set<Promise<unknown>>();
  #closing: Promise<void> | undefined;
  readonly #totals = { sent: 0, failed: 0, refused: 0, batches: 0, requests: 0, bytes: 0 };

  /** @internal Use `queue.producer(options)` (after `import "cfq/producer"`). */
  constructor(sendBatch: BatchSender, settings: ProducerSettings) {
    this.#sendBatch = sendBatch;
    this.#settings = settings;
  }

  /**
   * Checks the message at once (a bad one rejects alone with a `QueuesValidationError`, and never
   * reaches a batch), then adds it to the next batch. Resolves when that batch is accepted, or
   * rejects with its error. Waits for room first when the producer holds its maximum.
   */
  send(body: JsonObject, options?: JsonMessageOptions): Promise<SendReceipt>;
  send(body: string, options: TextMessageOptions): Promise<SendReceipt>;
  send(body: JsonObject | string, options?: JsonMessageOptions | TextMessageOptions): Promise<SendReceipt> {
    if (this.#closing) return Promise.reject(closed("send"));
    let message: PreparedMessage;
    try {
      const given: unknown = options; // checked as a plain JavaScript caller's
      checkObject("", given, SEND_OPTIONS, {
        what: "producer.send",
        name: "options",
        shape: "{ contentType?, delaySeconds? }",
        optional: true,
      });
      message = prepareMessage(body, given?.contentType, given?.delaySeconds);
    } catch (error) {
      this.#totals.refused++;
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.#give([message], (outcome) => (outcome.ok ? resolve(outcome.receipt) : reject(outcome.error)));
    });
  }

  /**
   * Checks every message at once, as `Queue.sendBatch` does (1 to 100 messages, at most 256,000
   * body bytes in all): one bad message refuses the whole call with a `QueuesValidationError` naming
   * it, and nothing is sent. The messages then go in one request, all accepted or none (with other
   * messages when they fit beside them). Resolves when that request is accepted, or rejects with its
   * error. A batch-wide `delaySeconds` applies to the messages that have none of their own.
   */
  sendBatch(messages: Iterable<MessageSendRequest>, options?: BatchOptions): Promise<SendReceipt> {
    if (this.#closing) return Promise.reject(closed("sendBatch"));
    let items: unknown[] = [];
    let prepared: PreparedMessage[];
    try {
      checkIterable("messages", messages, "an array (or another iterable) of 1 to 100 messages");
      items = Array.from(messages);
      const given: unknown = options; // checked as a plain JavaScript caller's
      checkObject("", given, BATCH_OPTIONS, {
        what: "producer.sendBatch",
        name: "options",
        shape: "{ delaySeconds? }",
        optional: true,
      });
      prepared = prepareBatch(items, given?.delaySeconds);
    } catch (error) {
      this.#totals.refused += items.length;
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.#give(prepared, (outcome) => (outcome.ok ? resolve(outcome.receipt) : reject(outcome.error)));
    });
  }

  /**
   * Sends every message of an iterable or async iterable, reading it only as fast as there is room
   * (so a stream of any length goes through in bounded memory), in the fewest batches. Resolves to
   * one result per message, in input order: `{ ok: true }`, or `{ ok: false, error }` for a message
   * refused before sending (a `QueuesValidationError`, and it is not sent) or whose batch failed.
   * Rejects only when `messages` is not an iterable, or with the error reading it threw (after the
   * messages already read have settled).
   */
  sendMany(
    messages: Iterable<MessageSendRequest> | AsyncIterable<MessageSendRequest>,
  ): Promise<SendManyResult[]> {
    if (this.#closing) return Promise.reject(closed("sendMany"));
    let source: Source;
    try {
      source = iterate(messages);
    } catch (error) {
      return Promise.reject(error);
    }
    const reading = this.#read(source);
    this.#readers.add(reading);
    const forget = () => this.#readers.delete(reading);
    reading.then(forget, forget);
    return reading;
  }

  /** Sends what is buffered now, and resolves when every message given before the call has settled. */
  flush(): Promise<void> {
    this.#hurry();
    if (this.#unsettled === 0) return Promise.resolve();
    return new Promise((resolve) =>
      this.#flushes.push({ below: this.#nextSeq, remaining: this.#unsettled, resolve }),
    );
  }

  /**
   * Flushes (the `sendMany` calls already running included), then refuses new messages. Resolves
   * once everything given before has settled, whatever the outcomes (they are reported by `send`
   * and `sendMany`). Calling it again returns the same promise.
   */
  close(): Promise<void> {
    return (this.#closing ??= this.#shutDown());
  }

  /** `await using producer = queue.producer()` closes it on scope exit. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Totals since the producer was made, and what it holds now. */
  stats(): ProducerStats {
    return {
      ...this.#totals,
      buffered: this.#outstanding - this.#inFlight,
      inFlight: this.#inFlight,
      waiting: this.#waiting.reduce((messages, entry) => messages + entry.messages.length, 0),
    };
  }

  async #shutDown(): Promise<void> {
    this.#hurry(); // no more messages will come, but from the sendMany calls already running
    await Promise.allSettled(this.#readers);
    await this.flush();
  }

  async #read(source: Source): Promise<SendManyResult[]> {
    const results: SendManyResult[] = [];
    let unsettled = 1; // the reading itself
    let allSettled!: () => void;
    const settled = new Promise<void>((resolve) => (allSettled = resolve));
    const done = () => --unsettled === 0 && allSettled();
    let failure: { error: unknown } | undefined;
    try {
      for (let index = 0; ; index++) {
        const step = source.async ? await source.iterator.next() : source.iterator.next();
        if (step.done) break;
        let message: PreparedMessage;
        try {
          message = prepareItem(step.value, `messages[${index}]`);
        } catch (error) {
          this.#totals.refused++;
          results.push(Object.freeze({ ok: false, error: error as Error }));
          continue;
        }
        results.push(OK); // replaced if its batch fails
        unsettled++;
        const waiting = this.#give([message], (outcome) => {
          if (!outcome.ok) results[index] = outcome;
          done();
        });
        if (waiting) await waiting;
      }
    } catch (error) {
      failure = { error };
    }
    this.#hurry(); // the end of the input: nothing more will join its last batch
    done();
    await settled;
    if (failure) throw failure.error;
    return results;
  }

  /**
   * Takes checked messages, as one entry: into the buffer if there is room, else into the waiting
   * line. Returns `undefined` when it entered the buffer, else a promise that resolves when it does.
   */
  #give(messages: PreparedMessage[], settle: (outcome: Outcome) => void): Promise<void> | undefined {
    let bytes = 0;
    for (const message of messages) bytes += message.bytes;
    const entry: Entry = { messages, bytes, seq: this.#nextSeq++, settle };
    this.#unsettled++;
    if (this.#waiting.length === 0 && this.#hasRoom(entry)) {
      this.#enter(entry);
      return undefined;
    }
    this.#waiting.push(entry);
    return new Promise((resolve) => (entry.entered = resolve));
  }

  /** Room for the entry within the bounds; an entry larger than they are goes alone, when nothing else is held. */
  #hasRoom({ messages, bytes }: Entry): boolean {
    const { maxOutstandingMessages, maxOutstandingBytes } = this.#settings;
    return (
      this.#outstanding === 0 ||
      (this.#outstanding + messages.length <= maxOutstandingMessages &&
        this.#outstandingBytes + bytes <= maxOutstandingBytes)
    );
  }

  /**
   * Adds an entry to the open batch, sending the batch first if the entry would take it past 100
   * messages or 256,000 bytes.
   */
  #enter(entry: Entry): void {
    const { bytes } = entry;
    const count = entry.messages.length;
    this.#outstanding += count;
    this.#outstandingBytes += bytes;
    let sealed = false;
    const fits = this.#openCount + count <= LIMITS.batchCount && this.#openBytes + bytes <= LIMITS.batchBytes;
    if (this.#open.length > 0 && !fits) sealed = this.#seal();
    this.#open.push(entry);
    this.#openCount += count;
    this.#openBytes += bytes;
    if (this.#openCount === LIMITS.batchCount) sealed = this.#seal();
    else if (this.#open.length === 1) this.#startLinger();
    if (sealed) this.#pump();
  }

  #startLinger(): void {
    this.#lingered = false;
    this.#linger = setTimeout(() => {
      this.#linger = undefined;
      this.#lingered = true;
      this.#pump();
    }, this.#settings.lingerMs);
  }

  /** Closes the open batch: it waits for a slot in `#sealed`. */
  #seal(): true {
    this.#sealed.push({ entries: this.#open, count: this.#openCount, bytes: this.#openBytes });
    this.#open = [];
    this.#openCount = 0;
    this.#openBytes = 0;
    clearTimeout(this.#linger);
    this.#linger = undefined;
    return true;
  }

  /** Everything given so far goes without lingering. */
  #hurry(): void {
    this.#hurryBelow = this.#nextSeq;
    this.#pump();
  }

  /**
   * Starts batches while slots are free: sealed ones first, in order, then the open one if it has
   * lingered or is hurried. A batch that is not full is sealed only when a slot is free for it, so
   * that while all slots are busy it keeps filling: the fewest requests.
   */
  #pump(): void {
    while (this.#batchesInFlight < this.#settings.concurrency) {
      if (this.#sealed.length === 0) {
        const open = this.#open;
        if (open.length === 0 || !(this.#lingered || open[0]!.seq < this.#hurryBelow)) return;
        this.#seal();
      }
      void this.#start(this.#sealed.shift()!);
    }
  }

  async #start({ entries, count, bytes }: Batch): Promise<void> {
    this.#batchesInFlight++;
    this.#inFlight += count;
    this.#totals.batches++;
    let outcome: Outcome;
    try {
      const messages = entries.flatMap((entry) => entry.messages);
      const { metrics } = await this.#sendBatch(messages, this.#countRequest);
      outcome = { ok: true, receipt: Object.freeze({ metrics, batchSize: count }) };
      this.#totals.sent += count;
      this.#totals.bytes += bytes;
    } catch (error) {
      outcome = Object.freeze({
        ok: false,
        error: error instanceof Error ? error : new Error(String(error)),
      });
      this.#totals.failed += count;
    }
    this.#batchesInFlight--;
    this.#inFlight -= count;
    this.#outstanding -= count;
    this.#outstandingBytes -= bytes;
    for (const entry of entries) {
      entry.settle(outcome);
      this.#settled(entry.seq);
    }
    this.#admitWaiting();
    this.#pump();
  }

  readonly #countRequest = () => {
    this.#totals.requests++;
  };

  /** Moves waiting entries into the buffer while there is room, in order. */
  #admitWaiting(): void {
    const waiting = this.#waiting;
    while (waiting.length > 0 && this.#hasRoom(waiting[0]!)) {
      const entry = waiting.shift()!;
      this.#enter(entry);
      entry.entered?.();
    }
  }

  #settled(seq: number): void {
    this.#unsettled--;
    const flushes = this.#flushes;
    for (let i = flushes.length - 1; i >= 0; i--) {
      const flush = flushes[i]!;
      if (seq < flush.below && --flush.remaining === 0) {
        flushes.splice(i, 1);
        flush.resolve();
      }
    }
  }
}

const closed = (method: string) =>
  new QueuesError(`producer.${method}: the producer is closed (close() was called); make a new one`);

/** An iterator over an iterable or an async iterable (not a string); anything else is refused. */
function iterate(messages: unknown): Source {
  if (typeof messages === "object" && messages !== null) {
    const source = messages as Partial<Iterable<unknown> & AsyncIterable<unknown>>;
    if (typeof source[Symbol.asyncIterator] === "function")
      return { iterator: source[Symbol.asyncIterator]!(), async: true };
    if (typeof source[Symbol.iterator] === "function")
      return { iterator: source[Symbol.iterator]!(), async: false };
  }
  return refuse({
    field: "messages",
    value: messages,
    limit: "an iterable or async iterable of messages { body, contentType?, delaySeconds? }",
  });
}
