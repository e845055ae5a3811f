/** One queue's four operations, named like the Workers Queue binding. */
import type { Schemas } from "../internal/openapi.js";
import type { Caller } from "./call.js";
import { toAckResult, toMessage, toMetrics } from "./decode.js";
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

/** The most lease ids sent in one ack call; larger acks are split (no server limit is documented). */
export const ACK_CHUNK = 100;

type PushResult = Partial<Schemas["PushResult"]> | null | undefined;
type WirePullResult = Partial<Schemas["PullResult"]> | null | undefined;

export class Queue {
  /** The queue's id (not its name). */
  readonly id: string;
  readonly #call: Caller;

  /** @internal Use {@link QueuesClient.queue}. */
  constructor(id: string, call: Caller) {
    this.id = id;
    this.#call = call;
  }

  /** Pushes one JSON message (the default content type). */
  send(body: JsonObject, options?: JsonSendOptions): Promise<SendResult>;
  /** Pushes one text message: `contentType: "text"` is required for a string body. */
  send(body: string, options: TextSendOptions): Promise<SendResult>;
  async send(
    body: JsonObject | string,
    options: JsonSendOptions | TextSendOptions = {},
  ): Promise<SendResult> {
    const wire = toWireMessage({
      body,
      contentType: options.contentType,
      delaySeconds: options.delaySeconds,
    } as MessageSendRequest);
    const result = (await this.#call("queuesPushMessage", this.id, wire, options)) as PushResult;
    return { metrics: toMetrics(result?.metadata) };
  }

  /** Pushes 1 to 100 messages (at most 256 KB in total) at once: all are accepted, or none. */
  async sendBatch(
    messages: Iterable<MessageSendRequest>,
    options: SendBatchOptions = {},
  ): Promise<SendResult> {
    const wire: Schemas["PushMessagesRequest"] = { messages: Array.from(messages, toWireMessage) };
    if (options.delaySeconds !== undefined) wire.delay_seconds = options.delaySeconds;
    const result = (await this.#call("queuesPushMessages", this.id, wire, options)) as PushResult;
    return { metrics: toMetrics(result?.metadata) };
  }

  /**
   * Leases up to `batchSize` messages for `visibilityTimeoutMs`. Answers at once, with no messages
   * when none are visible: back off yourself when idle.
   * @typeParam Body the type you expect the decoded bodies to have (not checked).
   */
  async pull<Body = unknown>(options: PullOptions = {}): Promise<PullResult<Body>> {
    const wire: Schemas["PullRequest"] = {};
    if (options.batchSize !== undefined) wire.batch_size = options.batchSize;
    if (options.visibilityTimeoutMs !== undefined) wire.visibility_timeout_ms = options.visibilityTimeoutMs;
    const result = (await this.#call("queuesPullMessages", this.id, wire, options)) as WirePullResult;
    return {
      messages: (result?.messages ?? []).map(toMessage) as PullResult<Body>["messages"],
      backlogCount: result?.message_backlog_count ?? 0,
      metrics: toMetrics(result?.metadata),
    };
  }

  /**
   * Acknowledges (deletes) and retries leased messages. Lease ids that cannot be settled do not
   * fail the call; they come back in `warnings`. More than 100 lease ids are sent in several calls,
   * whose results are added up.
   */
  async ack(request: AckRequest, options: RequestOptions = {}): Promise<AckResult> {
    const acks = (request.acks ?? []).map((ref) => ({ lease_id: leaseIdOf(ref) }));
    const retries = (request.retries ?? []).map((ref) => {
      const item: Schemas["AckRequest"]["retries"] extends (infer T)[] | undefined ? T : never = {
        lease_id: leaseIdOf(ref),
      };
      if (typeof ref === "object" && ref.delaySeconds !== undefined) item.delay_seconds = ref.delaySeconds;
      return item;
    });
    const total: AckResult = { ackCount: 0, retryCount: 0, warnings: {} };
    for (let start = 0; start < acks.length + retries.length; start += ACK_CHUNK) {
      const body = chunk(acks, retries, start);
      const part = toAckResult((await this.#call("queuesAckMessages", this.id, body, options)) as never);
      total.ackCount += part.ackCount;
      total.retryCount += part.retryCount;
      Object.assign(total.warnings, part.warnings);
    }
    return total;
  }
}

const leaseIdOf = (ref: string | { readonly leaseId: string }): string =>
  typeof ref === "string" ? ref : ref.leaseId;

function toWireMessage(message: MessageSendRequest): Schemas["Message"] {
  const wire = { body: message.body, content_type: message.contentType ?? "json" } as Schemas["Message"];
  if (message.delaySeconds !== undefined) wire.delay_seconds = message.delaySeconds;
  return wire;
}

/** The ack body for lease ids `start` .. `start + ACK_CHUNK` of acks followed by retries. */
function chunk<A, R>(acks: A[], retries: R[], start: number): { acks: A[]; retries: R[] } {
  const end = start + ACK_CHUNK;
  return {
    acks: acks.slice(start, end),
    retries: retries.slice(Math.max(0, start - acks.length), Math.max(0, end - acks.length)),
  };
}
