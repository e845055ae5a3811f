/**
 * The shapes `cfq/workers` works with: the Workers runtime's own (a Queue binding, the batch a
 * Worker's `queue()` gets, its context), as much of each as cfq uses, so that no Workers types
 * package is needed; and the portable handler's, what a batch handler sees in both places.
 */
import type { ConsumerOptions, HandlerContext, RetryOptions } from "../consumer/options.js";

/** One message of a binding's `sendBatch` (the Workers `MessageSendRequest`). */
export interface WorkerSendRequest {
  body: unknown;
  contentType?: "json" | "text" | "bytes" | "v8";
  delaySeconds?: number;
}

/** The queue's metrics, as a Workers binding may report them after a send. */
export interface WorkerQueueMetrics {
  backlogCount: number;
  backlogBytes: number;
  oldestMessageTimestamp?: Date;
}

/**
 * A Workers Queue binding (`env.MY_QUEUE`), as much of it as {@link bindingProducer} uses. Recent
 * Workers answer a send with `{ metadata: { metrics } }`, older ones with nothing: both are taken.
 */
export interface WorkerQueueBinding {
  sendBatch(
    messages: Iterable<WorkerSendRequest>,
    options?: { delaySeconds?: number },
  ): Promise<{ metadata?: { metrics?: WorkerQueueMetrics } } | void>;
}

/** A message as the Workers runtime hands it to a Worker's `queue()`. */
export interface WorkerMessage<Body = unknown> {
  readonly id: string;
  readonly timestamp: Date;
  readonly body: Body;
  readonly attempts: number;
  ack(): void;
  retry(options?: RetryOptions): void;
}

/** The batch a Worker's `queue(batch, env, ctx)` gets from the Workers runtime. */
export interface WorkerMessageBatch<Body = unknown> {
  /** The queue's name. */
  readonly queue: string;
  readonly messages: readonly WorkerMessage<Body>[];
  ackAll(): void;
  retryAll(options?: RetryOptions): void;
}

/** The third argument of a Worker's handlers (the Workers `ExecutionContext`), as much as a queue handler uses. */
export interface WorkerContext {
  /** Keeps the invocation alive until `promise` settles; a rejection fails the batch. */
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}

/** A Worker's `queue` export. */
export type WorkerQueueHandler<Env = unknown> = (
  batch: WorkerMessageBatch,
  env: Env,
  ctx: WorkerContext,
) => Promise<void>;

/**
 * A message as a portable batch handler sees it: what `q.consumeBatches` and a Worker's `queue()`
 * (through {@link toWorkerQueue}) both give, with the same settle rules. The first settle wins;
 * later calls change nothing. Both verbs resolve to whether the settle took: over HTTP, whether
 * Cloudflare confirmed it; in a Worker, `true` once the runtime has it (it applies it when the
 * invocation ends).
 */
export interface PortableMessage<Body = unknown> {
  /** The message id. */
  readonly id: string;
  /** When the message was published. */
  readonly timestamp: Date;
  /** The body (the schema's output, when one is given). */
  readonly body: Body;
  /** Deliveries so far, this one included: 1 on the first delivery. */
  readonly attempts: number;
  /**
   * Whether this is the last delivery before the message is dead-lettered or dropped: `attempts`
   * is past the `maxRetries` the handler's options give. `undefined` when they give none.
   */
  readonly isLastAttempt: boolean | undefined;
  /** Acknowledges the message. Never rejects. */
  ack(): Promise<boolean>;
  /** Delivers the message again, now or after `delaySeconds` (0 to 86400). Never rejects. */
  retry(options?: RetryOptions): Promise<boolean>;
}

/** The batch a portable handler gets: the Workers `MessageBatch` shape, in both places. */
export interface PortableMessageBatch<Body = unknown> {
  /** The queue: its id over HTTP, its name in a Worker. */
  readonly queue: string;
  /** The batch's messages (those that passed the `schema`, when one is given). */
  readonly messages: readonly PortableMessage<Body>[];
  /** Acknowledges every message not settled yet. */
  ackAll(): void;
  /** Delivers again every message not settled yet. */
  retryAll(options?: RetryOptions): void;
}

/**
 * A batch handler that runs in both places: `q.consumeBatches(handler)` over HTTP, and a Worker's
 * `queue` export made with {@link toWorkerQueue}. Resolve to ack what is unsettled, throw to retry it.
 */
export type PortableBatchHandler<Body = unknown> = (
  batch: PortableMessageBatch<Body>,
  context: HandlerContext,
) => unknown;

/**
 * The consumer options that mean the same in both places: an object of this type can be given to
 * `q.consumeBatches` and to {@link toWorkerQueue} alike.
 */
export interface PortableConsumerOptions<Body = unknown> extends Pick<
  ConsumerOptions<Body>,
  "schema" | "maxRetries" | "onError"
> {
  /**
   * Seconds before a message whose handler threw is delivered again.
   * @default exponential in attempts with jitter: a whole number of seconds in [d/2, d] where d = min(300, 2^(attempts-1))
   */
  retryDelay?: (message: PortableMessage<Body>, error: unknown) => number;
  /**
   * What happens to a message whose body fails `schema` (or cannot be read): `"retry"` delivers it
   * again (until the queue's `max_retries` dead-letters it), `"ack"` drops it. Either way it is
   * reported to `onError` as an `InvalidMessageError`. (`{ sendTo }` is HTTP's only: a Worker has
   * no raw body to forward; its queue's `dead_letter_queue` does that job.)
   * @default "retry"
   */
  onInvalid?: "retry" | "ack";
}
