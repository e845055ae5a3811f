/**
 * cfq/consumer: a consumer runner for the HTTP pull API. Importing this entry (a plain
 * `import "cfq/consumer";`, once, anywhere) adds `consume()` and `consumeBatches()` to every queue;
 * a bundle that does not import it carries none of it.
 * @packageDocumentation
 */
import { Queue } from "../client/queue.js";
import { Consumer } from "./consumer.js";
import type { BatchHandler, ConsumerOptions, MessageHandler } from "./options.js";

declare module "../client/queue.js" {
  interface Queue {
    /**
     * Starts a consumer at once: messages are pulled (several pulls in flight, backing off when the
     * queue is empty) and handed to `handler`, up to `concurrency` at a time. A handler that resolves
     * acks its message; one that throws retries it with backoff; `message.ack()` and
     * `message.retry()` settle it explicitly (the first settle wins). Acks and retries are coalesced
     * into few requests. Needs `import "cfq/consumer"`.
     * @typeParam Body the decoded body's type (checked when `options.schema` is given).
     */
    consume<Body = unknown>(handler: MessageHandler<Body>, options?: ConsumerOptions<Body>): Consumer;
    /**
     * As {@link Queue.consume}, but the handler gets one pull's messages at a time as a Workers
     * `MessageBatch` (`messages`, `ackAll()`, `retryAll()`), so the body of a Worker's `queue()`
     * handler runs unchanged. Resolving acks every message not settled yet; throwing retries them.
     * Needs `import "cfq/consumer"`.
     */
    consumeBatches<Body = unknown>(handler: BatchHandler<Body>, options?: ConsumerOptions<Body>): Consumer;
  }
}

Queue.prototype.consume = function consume(
  this: Queue,
  handler: MessageHandler<any>,
  options?: ConsumerOptions<any>,
) {
  return new Consumer(this, { kind: "message", handle: handler as MessageHandler }, options, "consume");
};

Queue.prototype.consumeBatches = function consumeBatches(
  this: Queue,
  handler: BatchHandler<any>,
  options?: ConsumerOptions<any>,
) {
  return new Consumer(this, { kind: "batch", handle: handler as BatchHandler }, options, "consumeBatches");
};

export { Consumer };
export { InvalidMessageError } from "./errors.js";
export { CONSUMER_DEFAULTS, defaultRetryDelay } from "./defaults.js";
export type {
  AckBatching,
  BackoffRange,
  BatchHandler,
  ConsumedMessage,
  ConsumerOptions,
  ConsumerState,
  ConsumerStats,
  HandlerContext,
  InvalidMessageAction,
  MessageBatch,
  MessageHandler,
  RetryOptions,
  StopOptions,
} from "./options.js";
export type { StandardSchemaV1, StandardSchemaIssue } from "../core/standard-schema.js";
