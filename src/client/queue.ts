/** One queue's four operations, named like the Workers Queue binding. */
import type { OperationName, Schemas } from "../internal/openapi.js";
import type { Caller } from "./call.js";
import { toAckResult, toMessage, toMetrics } from "./decode.js";
import { encodeAck, encodeBatch, encodePull, encodeSend } from "./encode.js";
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

type PushResult = Partial<Schemas["PushResult"]> | null | undefined;
type WirePullResult = Partial<Schemas["PullResult"]> | null | undefined;

export class Queue {
  /** The queue's id (not its name). */
  readonly id: string;
  readonly #call: Caller;
  readonly #urlOf: (name: OperationName) => string;
  readonly #urls: Partial<Record<OperationName, string>> = {};

  /** @internal Use {@link QueuesClient.queue}. */
  constructor(id: string, call: Caller, urlOf: (name: OperationName) => string) {
    this.id = id;
    this.#call = call;
    this.#urlOf = urlOf;
  }

  /** Calls an operation on this queue; its URL is built once and kept. */
  #request(name: OperationName, body: string, options: RequestOptions): Promise<unknown> {
    return this.#call(name, (this.#urls[name] ??= this.#urlOf(name)), body, options);
  }

  /** Pushes one JSON message (the default content type). At most 128 KB of JSON. */
  send(body: JsonObject, options?: JsonSendOptions): Promise<SendResult>;
  /** Pushes one text message: `contentType: "text"` is required for a string body. At most 128 KB. */
  send(body: string, options: TextSendOptions): Promise<SendResult>;
  async send(
    body: JsonObject | string,
    options: JsonSendOptions | TextSendOptions = {},
  ): Promise<SendResult> {
    const result = (await this.#request(
      "queuesPushMessage",
      encodeSend(body, options),
      options,
    )) as PushResult;
    return { metrics: toMetrics(result?.metadata) };
  }

  /** Pushes 1 to 100 messages (at most 256 KB in total) at once: all are accepted, or none. */
  async sendBatch(
    messages: Iterable<MessageSendRequest>,
    options: SendBatchOptions = {},
  ): Promise<SendResult> {
    const result = (await this.#request(
      "queuesPushMessages",
      encodeBatch(messages, options),
      options,
    )) as PushResult;
    return { metrics: toMetrics(result?.metadata) };
  }

  /**
   * Leases up to `batchSize` messages for `visibilityTimeoutMs`. Answers at once, with no messages
   * when none are visible: back off yourself when idle.
   * @typeParam Body the type you expect the decoded bodies to have (not checked).
   */
  async pull<Body = unknown>(options: PullOptions = {}): Promise<PullResult<Body>> {
    const result = (await this.#request(
      "queuesPullMessages",
      encodePull(options),
      options,
    )) as WirePullResult;
    return {
      messages: (result?.messages ?? []).map(toMessage) as PullResult<Body>["messages"],
      backlogCount: result?.message_backlog_count ?? 0,
      metrics: toMetrics(result?.metadata),
    };
  }

  /**
   * Acknowledges (deletes) and retries leased messages. Lease ids that cannot be settled do not
   * fail the call; they come back in `warnings`. More than 100 lease ids are sent in several calls
   * of 100, whose results are added up; if one of them fails, the error says how many were settled.
   */
  async ack(request: AckRequest, options: RequestOptions = {}): Promise<AckResult> {
    const total: AckResult = { ackCount: 0, retryCount: 0, warnings: {} };
    for (const body of encodeAck(request)) {
      const part = toAckResult((await this.#request("queuesAckMessages", body, options)) as never);
      total.ackCount += part.ackCount;
      total.retryCount += part.retryCount;
      Object.assign(total.warnings, part.warnings);
    }
    return total;
  }
}
