/**
 * One queue's operations, named like the Workers Queue binding. Each method is thin: a codec (its
 * encoder and decoder) run by the client's executor.
 */
import { QueuesError } from "../core/errors.js";
import type { Operation } from "../internal/openapi.js";
import type { Executor } from "./executor.js";
import { deadlineOf } from "./retry.js";
import { ack } from "./operations/ack.js";
import type { ChunkedCodec } from "./operations/chunked.js";
import type { Codec } from "./operations/codec.js";
import { extend } from "./operations/extend.js";
import { peek } from "./operations/peek.js";
import { pull } from "./operations/pull.js";
import { purge } from "./operations/purge.js";
import { send, sendBatch } from "./operations/push.js";
import type {
  ExtendOptions,
  JsonSendOptions,
  PeekOptions,
  PullOptions,
  RequestOptions,
  SendBatchOptions,
  TextSendOptions,
} from "./options.js";
import type {
  AckRequest,
  AckResult,
  ExtendResult,
  JsonObject,
  LeaseRef,
  MessageRef,
  MessageSendRequest,
  PeekResult,
  PullResult,
  PurgeResult,
  SendResult,
} from "./types.js";

/** What the entries built on a queue (`cfq/producer`, …) reach through {@link queueInternals}. */
export interface QueueInternals {
  /** The executor of the queue's client, shared by all its queues. */
  executor: Executor;
  /** An operation's URL on this queue. */
  url(operation: Operation): string;
}

let internals: (queue: Queue) => QueueInternals;

/**
 * @internal The queue's executor and URLs, for the entries that run their own requests on a queue
 * (the producer sends batches it has already checked and serialised).
 */
export const queueInternals = (queue: Queue): QueueInternals => internals(queue);

export class Queue {
  /** The queue's id (not its name). */
  readonly id: string;
  readonly #executor: Executor;
  readonly #urls = new Map<Operation, string>();

  static {
    internals = (queue) => ({ executor: queue.#executor, url: (operation) => queue.#url(operation) });
  }

  /** @internal Use {@link QueuesClient.queue}. */
  constructor(id: string, executor: Executor) {
    this.id = id;
    this.#executor = executor;
  }

  /** Pushes one JSON message (the default content type). At most 128 KB of JSON. */
  send(body: JsonObject, options?: JsonSendOptions): Promise<SendResult>;
  /** Pushes one text message: `contentType: "text"` is required for a string body. At most 128 KB. */
  send(body: string, options: TextSendOptions): Promise<SendResult>;
  send(body: JsonObject | string, options?: JsonSendOptions | TextSendOptions): Promise<SendResult> {
    return this.#run(send, { body, options: options ?? {} }, options);
  }

  /** Pushes 1 to 100 messages (at most 256 KB in total) at once: all are accepted, or none. */
  sendBatch(messages: Iterable<MessageSendRequest>, options?: SendBatchOptions): Promise<SendResult> {
    return this.#run(sendBatch, { messages, options: options ?? {} }, options);
  }

  /**
   * Leases up to `batchSize` messages for `visibilityTimeoutMs`. Answers at once, with no messages
   * when none are visible: back off yourself when idle.
   * @typeParam Body the type you expect the decoded bodies to have (not checked).
   */
  pull<Body = unknown>(options?: PullOptions): Promise<PullResult<Body>> {
    return this.#run(pull, options ?? {}, options) as Promise<PullResult<Body>>;
  }

  /**
   * Acknowledges (deletes) and retries leased messages. Lease ids that cannot be settled do not
   * fail the call; they come back in `warnings`. More than 100 lease ids are sent in several
   * requests of 100, whose results are added up; if one of them fails, the error's `partial`
   * holds what the earlier requests settled and the lease ids whose outcome is unknown.
   */
  ack(request: AckRequest, options?: RequestOptions): Promise<AckResult> {
    return this.#runChunked(ack, request, options);
  }

  /**
   * Reads up to `batchSize` available messages in delivery order, without leasing them or changing
   * them in any way. Each has a `ref` for {@link Queue.purge}.
   * @typeParam Body the type you expect the decoded bodies to have (not checked).
   */
  peek<Body = unknown>(options?: PeekOptions): Promise<PeekResult<Body>> {
    return this.#run(peek, options ?? {}, options) as Promise<PeekResult<Body>>;
  }

  /**
   * Deletes messages by the refs that {@link Queue.peek} gave them (or the peeked messages
   * themselves), whatever their state: available, delayed or leased. Refs that match no message
   * come back in `warnings`. More than 100 refs are sent in several requests, as for `ack`.
   */
  purge(refs: Iterable<MessageRef>, options?: RequestOptions): Promise<PurgeResult> {
    return this.#runChunked(purge, refs, options);
  }

  /**
   * **Preview** (Cloudflare does not document this operation publicly yet). Keeps leases alive:
   * each lease that is still current now ends `visibilityTimeoutMs` from now, with no new attempt,
   * and its lease id stays valid for ack and retry. Leases that ended, were superseded or are
   * unknown come back in `warnings`. More than 100 leases are sent in several requests, as for `ack`.
   */
  extend(leases: Iterable<LeaseRef>, options?: ExtendOptions): Promise<ExtendResult> {
    return this.#runChunked(extend, { leases, visibilityTimeoutMs: options?.visibilityTimeoutMs }, options);
  }

  /** Checks the options and the input, then runs the codec's one request. */
  async #run<Input, Output>(codec: Codec<Input, Output>, input: Input, options: unknown): Promise<Output> {
    const call = this.#executor.callSettings(options, codec.options, codec.method);
    const body = codec.encode(input);
    return codec.decode(
      await this.#executor.execute(codec.operation, this.#url(codec.operation), body, call),
    );
  }

  /**
   * Checks the options and the whole input, then runs the codec's requests one after the other. A
   * failure carries `partial`: what the earlier requests settled, and the ids whose outcome is
   * unknown (those of the failed request and of the ones not sent).
   */
  async #runChunked<Input, Output>(
    codec: ChunkedCodec<Input, Output>,
    input: Input,
    options: unknown,
  ): Promise<Output> {
    const call = this.#executor.callSettings(options, codec.options, codec.method);
    const chunks = codec.encode(input);
    const deadline = deadlineOf(call); // `deadlineMs` bounds the whole call, every request of it
    let total = codec.empty();
    for (let i = 0; i < chunks.length; i++) {
      try {
        const result = await this.#executor.execute(
          codec.operation,
          this.#url(codec.operation),
          chunks[i]!.body,
          call,
          deadline,
        );
        total = codec.add(total, codec.decode(result));
      } catch (error) {
        if (error instanceof QueuesError && chunks.length > 1) {
          error.partial = { result: total, unconfirmed: chunks.slice(i).flatMap((chunk) => chunk.ids) };
        }
        throw error;
      }
    }
    return total;
  }

  /** An operation's URL on this queue, built once. */
  #url(operation: Operation): string {
    let url = this.#urls.get(operation);
    if (url === undefined) this.#urls.set(operation, (url = this.#executor.url(operation, this.id)));
    return url;
  }
}
