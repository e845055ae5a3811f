// The portable shapes fit both places: a PortableBatchHandler and PortableConsumerOptions are taken
// by q.consumeBatches as they are; toWorkerQueue gives a Worker's queue export; fromWorkerQueue takes
// a Worker's queue function, and gives a handler that q.consumeBatches takes.
import * as v from "valibot";
import { describe, expectTypeOf, it } from "vitest";
import type { Queue } from "../../src/index.js";
import type { BatchHandler, ConsumerOptions, MessageBatch } from "../../src/consumer/index.js";
import "../../src/consumer/index.js";
import {
  bindingProducer,
  fromWorkerQueue,
  toWorkerQueue,
  type PortableBatchHandler,
  type PortableConsumerOptions,
  type Producer,
  type WorkerMessageBatch,
  type WorkerQueueHandler,
} from "../../src/workers/index.js";

declare const q: Queue;
const Order = v.object({ order: v.number() });

describe("one handler, both places", () => {
  it("q.consumeBatches takes a portable handler and portable options, with the body's type", () => {
    const handler: PortableBatchHandler<{ order: number }> = (batch) => {
      expectTypeOf(batch.messages[0]!.body.order).toEqualTypeOf<number>();
    };
    const options: PortableConsumerOptions<{ order: number }> = {
      schema: Order,
      retryDelay: (m) => m.attempts,
    };
    q.consumeBatches(handler, options);
    expectTypeOf(handler).toMatchTypeOf<BatchHandler<{ order: number }>>();
    expectTypeOf(options).toMatchTypeOf<ConsumerOptions<{ order: number }>>();
    expectTypeOf(toWorkerQueue(handler, options)).toEqualTypeOf<WorkerQueueHandler>();
  });

  it("the consumer's batch is a portable batch and a Worker's batch", () => {
    expectTypeOf<MessageBatch<{ a: 1 }>>().toMatchTypeOf<WorkerMessageBatch<{ a: 1 }>>();
  });

  it("fromWorkerQueue takes a Worker's queue function, even one typed for a batch with more (metadata)", () => {
    interface Env {
      DB: string;
    }
    type RuntimeBatch = WorkerMessageBatch<{ n: number }> & {
      metadata: { metrics: { backlogCount: number } };
    };
    const worker = {
      async queue(batch: RuntimeBatch, env: Env) {
        for (const message of batch.messages) if (message.body.n > 0 && env.DB) message.ack();
      },
    };
    const handler = fromWorkerQueue(worker.queue, { DB: "d1" });
    expectTypeOf(handler).toEqualTypeOf<BatchHandler<{ n: number }>>();
    q.consumeBatches(handler);
    // @ts-expect-error the env must be the one the function expects
    fromWorkerQueue(worker.queue, { DB: 1 });
  });

  it("bindingProducer is a Producer, taking q.producer()'s own options only", () => {
    const binding = { sendBatch: async () => {} };
    expectTypeOf(bindingProducer(binding, { concurrency: 2 })).toEqualTypeOf<Producer>();
    // @ts-expect-error HTTP's options are not a binding's
    bindingProducer(binding, { timeoutMs: 5 });
  });
});
