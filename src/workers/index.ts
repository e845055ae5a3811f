/**
 * `cfq/workers`: one producer and one batch handler for both transports, the Workers Queue binding
 * inside a Worker and the HTTP API outside. `bindingProducer(env.QUEUE)` is the producer of
 * `q.producer()` over a binding; `toWorkerQueue(handler)` makes a Worker's `queue` export from a
 * handler written for `q.consumeBatches`, and `fromWorkerQueue(queue, env)` does the reverse. It
 * imports nothing from Node and none of the HTTP client's transport.
 * @packageDocumentation
 */
export { bindingProducer, type BindingProducerOptions } from "./binding-producer.js";
export { toWorkerQueue } from "./worker-queue.js";
export { fromWorkerQueue, type WorkerQueueFunction } from "./from-worker-queue.js";
export type {
  PortableBatchHandler,
  PortableConsumerOptions,
  PortableMessage,
  PortableMessageBatch,
  WorkerContext,
  WorkerMessage,
  WorkerMessageBatch,
  WorkerQueueBinding,
  WorkerQueueHandler,
  WorkerQueueMetrics,
  WorkerSendRequest,
} from "./types.js";
export type {
  BatchOptions,
  JsonMessageOptions,
  Producer,
  ProducerStats,
  SendFailure,
  SendManyResult,
  SendReceipt,
  TextMessageOptions,
} from "../producer/index.js";
export type { HandlerContext, RetryOptions } from "../consumer/options.js";
export { InvalidMessageError } from "../consumer/errors.js";
