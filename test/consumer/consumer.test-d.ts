import * as v from "valibot";
import { describe, expectTypeOf, it } from "vitest";
import "../../src/consumer/index.js";
import type { Consumer, ConsumedMessage, ConsumerStats, MessageBatch } from "../../src/consumer/index.js";
import { QueuesClient } from "../../src/index.js";

const q = new QueuesClient({ accountId: "a", apiToken: "t" }).queue("q");

describe("consumer types", () => {
  it("consume is on every queue once cfq/consumer is imported, typed by the body", () => {
    const consumer = q.consume<{ order: number }>(async (message, { signal }) => {
      expectTypeOf(message).toEqualTypeOf<ConsumedMessage<{ order: number }>>();
      expectTypeOf(message.body.order).toEqualTypeOf<number>();
      expectTypeOf(signal).toEqualTypeOf<AbortSignal>();
      expectTypeOf(message.ack()).toEqualTypeOf<Promise<boolean>>();
      expectTypeOf(message.leaseExpiresAt).toEqualTypeOf<Date>();
      expectTypeOf(message.isLastAttempt).toEqualTypeOf<boolean | undefined>();
    });
    expectTypeOf(consumer).toEqualTypeOf<Consumer>();
    expectTypeOf(consumer.stop()).toEqualTypeOf<Promise<ConsumerStats>>();
    expectTypeOf(consumer.closed).toEqualTypeOf<Promise<ConsumerStats>>();
    // @ts-expect-error a mode that does not exist
    void consumer.stop({ mode: "gently" });
  });

  it("the body's type comes from the schema when one is given", () => {
    const Order = v.object({ order: v.number() });
    q.consume(
      async (message) => {
        expectTypeOf(message.body).toEqualTypeOf<{ order: number }>();
      },
      { schema: Order },
    );
  });

  it("consumeBatches hands a Workers-shaped MessageBatch", () => {
    q.consumeBatches<string>(async (batch) => {
      expectTypeOf(batch).toEqualTypeOf<MessageBatch<string>>();
      expectTypeOf(batch.messages[0]!.body).toEqualTypeOf<string>();
      batch.ackAll();
      batch.retryAll({ delaySeconds: 5 });
      // @ts-expect-error delaySeconds is a number
      batch.retryAll({ delaySeconds: "5" });
    });
  });

  it("options are typed: an unknown one does not compile", () => {
    // @ts-expect-error concurency is misspelt
    q.consume(async () => {}, { concurency: 5 });
  });
});
