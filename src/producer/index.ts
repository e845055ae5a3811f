/**
 * `cfq/producer`: a producer that batches, paces and reports per message. Importing this entry
 * (a plain `import "cfq/producer";`, once, anywhere) adds `producer(options?)` to every `Queue`; a
 * type-only import does not. An app that never imports it carries none of its code.
 * @packageDocumentation
 */
import { checkObject } from "../core/check.js";
import { Queue, queueInternals } from "../client/queue.js";
import { RELIABILITY_OPTIONS } from "../client/settings.js";
import { httpSender } from "./http-sender.js";
import type { ProducerOptions } from "./options.js";
import { Producer } from "./producer.js";
import { PRODUCER_OPTIONS, resolveProducerSettings } from "./settings.js";

declare module "../client/queue.js" {
  interface Queue {
    /**
     * A producer for this queue: `send()` and `sendMany()` go out as the fewest batch requests the
     * API allows, a few at a time, paced by the client's rate limiter. Close it when done
     * (`await producer.close()`, or `await using producer = queue.producer()`). Available once
     * `cfq/producer` is imported (a plain `import "cfq/producer";`).
     */
    producer(options?: ProducerOptions): Producer;
  }
}

Queue.prototype.producer = function producer(this: Queue, options?: ProducerOptions): Producer {
  const given: unknown = options; // checked as a plain JavaScript caller's
  checkObject("", given, [...PRODUCER_OPTIONS, ...RELIABILITY_OPTIONS], {
    what: "producer",
    name: "options",
    shape: "of options",
    optional: true,
  });
  const call = queueInternals(this).executor.callSettings(given, PRODUCER_OPTIONS, "producer");
  return new Producer(httpSender(this, call), resolveProducerSettings(given));
};

export { Producer } from "./producer.js";
export type {
  BatchOptions,
  JsonMessageOptions,
  ProducerOptions,
  ProducerStats,
  SendFailure,
  SendManyResult,
  SendReceipt,
  TextMessageOptions,
} from "./options.js";
