/**
 * A Worker's `queue` export from a batch handler written for `q.consumeBatches`: each batch the
 * Workers runtime delivers goes through the consumer's own dispatcher (the body's check and schema,
 * `onInvalid`, the handler's verdict, first settle wins, `ackAll`/`retryAll` on what is unsettled,
 * the `retryDelay` rule), and every settle lands on the runtime's message as `ack()` or `retry()`.
 * So the Worker settles every message explicitly, and its invocation always succeeds.
 */
import type { Message } from "../client/types.js";
import { refuse } from "../core/check.js";
import { Dispatcher, type DispatchQueue } from "../consumer/dispatcher.js";
import type { Lease } from "../consumer/lease.js";
import type { BatchHandler } from "../consumer/options.js";
import type { SettleSink } from "../consumer/settler.js";
import { newCounters } from "../consumer/stats.js";
import { resolveWorkerOptions } from "./settings.js";
import type {
  PortableBatchHandler,
  PortableConsumerOptions,
  WorkerMessage,
  WorkerMessageBatch,
  WorkerQueueHandler,
} from "./types.js";

/**
 * A Worker's `queue` export that runs `handler`, a batch handler written for `q.consumeBatches`,
 * with the same rules: `export default { queue: toWorkerQueue(handler, options) }`. The handler gets
 * the same `MessageBatch` shape (see {@link PortableMessageBatch}); its `context.signal` never aborts
 * in a Worker (the runtime ends an invocation itself).
 */
export function toWorkerQueue<Body = unknown>(
  handler: PortableBatchHandler<Body>,
  options?: PortableConsumerOptions<Body>,
): WorkerQueueHandler {
  if (typeof handler !== "function") refuse({ field: "handler", value: handler, limit: "a function" });
  const settings = resolveWorkerOptions(options);
  const batchHandler = { kind: "batch", handle: handler as BatchHandler } as const;
  return async (batch: WorkerMessageBatch) => {
    const delivered = new Map(batch.messages.map((message) => [message.id, message]));
    // A Worker's messages have no lease to extend (`extendLeases` is off): only the id is read.
    const queue: DispatchQueue = {
      id: batch.queue,
      extend: () => Promise.reject(new Error("no lease in a Worker")),
    };
    const settler = runtimeSettler(delivered, settings.onError);
    const dispatcher = new Dispatcher(queue, batchHandler, settings, newCounters(), settler);
    dispatcher.receive(
      batch.messages.map((message) => new DeliveredMessage(message)),
      Date.now(),
    );
    await dispatcher.handlersDone(Infinity);
    await dispatcher.leasesDone();
  };
}

/**
 * Settles on the runtime's own messages. The runtime takes each call at once (and applies it when
 * the invocation ends), so every settle is answered at once: `true`, or `false` if the call threw.
 * The dispatcher uses only `send` and `onAnswered` of a settler.
 */
function runtimeSettler(
  delivered: Map<string, WorkerMessage>,
  onError: (error: unknown) => void,
): SettleSink {
  const settler: SettleSink = {
    onAnswered: (_lease: Lease) => {},
    send(lease: Lease): void {
      const message = delivered.get(lease.leaseId)!;
      const { settledAs, delaySeconds } = lease;
      let taken = true;
      try {
        if (settledAs === "ack") message.ack();
        else message.retry(delaySeconds === undefined ? undefined : { delaySeconds });
      } catch (error) {
        onError(error);
        taken = false;
      }
      lease.answer(taken);
      queueMicrotask(() => settler.onAnswered(lease));
    },
  };
  return settler;
}

/**
 * A runtime's message in the shape of a pulled one, which the consumer makes its leases from. It
 * has no lease, raw body or metadata: its id stands for the lease id, and its content type is read
 * from its body (a Worker cannot tell `json` from `v8`).
 */
class DeliveredMessage implements Message {
  readonly id: string;
  readonly contentType: string;
  readonly rawBody = "";
  readonly attempts: number;
  readonly leaseId: string;
  readonly timestamp: Date;
  readonly metadata: Readonly<Record<string, string>> = {};
  readonly #delivered: WorkerMessage;
  #read: { body?: unknown; error?: Error } | undefined;

  constructor(delivered: WorkerMessage) {
    this.id = delivered.id;
    this.leaseId = delivered.id;
    this.attempts = delivered.attempts;
    this.timestamp = delivered.timestamp;
    this.#delivered = delivered;
    this.contentType = contentTypeOf(this.body);
  }

  /** Read once: a body the runtime cannot deserialise sinks only its own message. */
  #readBody() {
    if (!this.#read) {
      try {
        this.#read = { body: this.#delivered.body };
      } catch (error) {
        this.#read = {
          error: new Error(`cannot read the body: ${(error as Error)?.message ?? String(error)}`),
        };
      }
    }
    return this.#read;
  }

  get body(): unknown {
    return this.#readBody().body;
  }

  get decodeError(): Error | undefined {
    return this.#readBody().error;
  }

  toJSON(): Record<string, unknown> {
    const { id, body, contentType, attempts, timestamp } = this;
    return { id, body, contentType, attempts, timestamp };
  }
}

const contentTypeOf = (body: unknown) =>
  typeof body === "string"
    ? "text"
    : body instanceof ArrayBuffer || ArrayBuffer.isView(body)
      ? "bytes"
      : "json";
