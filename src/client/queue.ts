/** One queue's operations, named like the Workers Queue binding. Each is a codec run by the client's executor. */
import type { Operation } from "../internal/openapi.js";
import type { Executor } from "./executor.js";
import { ack } from "./operations/ack.js";
import type { Codec } from "./operations/codec.js";
import { pull } from "./operations/pull.js";
import { send, sendBatch } from "./operations/push.js";
import type {
  JsonSendOptions,
  PullOptions,
  RequestOptions,
  SendBatchOptions,
  TextSendOptions,
} from "./options.js";
import type {
  AckRequest,
  AckResult,
  JsonObject,
  MessageSendRequest,
  PullResult,
  SendResult,
} from "./types.js";

export class Queue {
  /** The queue's id (not its name). */
  readonly id: string;
  readonly #executor: Executor;
  readonly #urls = new Map<Operation, string>();

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
   * fail the call; they come back in `warnings`. More than 100 lease ids are sent in several calls
   * of 100, whose results are added up.
   */
  async ack(request: AckRequest, options?: RequestOptions): Promise<AckResult> {
    const call = this.#executor.callSettings(options, ack.options, ack.method);
    let total: AckResult = { ackCount: 0, retryCount: 0, warnings: {} };
    for (const chunk of ack.encode(request)) {
      const result = await this.#executor.execute(ack.operation, this.#url(ack.operation), chunk.body, call);
      total = ack.add(total, ack.decode(result));
    }
    return total;
  }

  /** Checks the options and the input, then runs the codec's one request. */
  async #run<Input, Output>(codec: Codec<Input, Output>, input: Input, options: unknown): Promise<Output> {
    const call = this.#executor.callSettings(options, codec.options, codec.method);
    const body = codec.encode(input);
    return codec.decode(
      await this.#executor.execute(codec.operation, this.#url(codec.operation), body, call),
    );
  }

  /** An operation's URL on this queue, built once. */
  #url(operation: Operation): string {
    let url = this.#urls.get(operation);
    if (url === undefined) this.#urls.set(operation, (url = this.#executor.url(operation, this.id)));
    return url;
  }
}
