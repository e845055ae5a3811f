// consumeBatches with the Workers MessageBatch rules, and bodies checked by a Standard Schema
// validator (valibot here) before any handler sees them.
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { InvalidMessageError, type MessageBatch } from "../../src/consumer/index.js";
import { setup, until } from "./harness.js";

describe("consumeBatches: a Worker's queue() handler body, as an HTTP pull consumer", () => {
  it("gets one pull's messages; resolving acks what it left unsettled, explicit settles win", async () => {
    const { q, push, backlog } = setup();
    await push(10);
    const batches: number[][] = [];
    const consumer = q.consumeBatches<{ n: number }>(
      async (batch) => {
        expect(batch.queue).toBe("q");
        batches.push(batch.messages.map((m) => m.body.n));
        void batch.messages[0]!.retry({ delaySeconds: 3600 }); // explicit: wins over the implicit ack
      },
      { batchSize: 5, maxPulls: 1 },
    );
    await until(() => consumer.stats().acked + consumer.stats().retried === 10);
    const stats = await consumer.stop();
    expect(batches).toEqual([
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8, 9],
    ]);
    expect(stats).toMatchObject({ acked: 8, retried: 2 });
    expect(backlog()).toBe(2);
  });

  it("throwing retries every message not settled yet; ackAll and retryAll settle what is left", async () => {
    const { q, push } = setup();
    await push(9);
    const seen: MessageBatch<{ n: number }>[] = [];
    const consumer = q.consumeBatches<{ n: number }>(
      async (batch) => {
        seen.push(batch);
        const first = batch.messages[0]!.body.n;
        void batch.messages[1]!.ack(); // explicit, before the batch-wide verdict
        if (first === 0) throw new Error("retry the rest");
        if (first === 3) batch.ackAll();
        if (first === 6) batch.retryAll({ delaySeconds: 3600 });
        batch.ackAll(); // later: changes nothing for the third batch
      },
      { batchSize: 3, maxPulls: 1, retryDelay: () => 3600 },
    );
    await until(() => seen.length === 3 && consumer.stats().acked + consumer.stats().retried === 9);
    const stats = await consumer.stop();
    // batch 1: one ack, two retries (the throw); batch 2: all acked; batch 3: one ack, two retries
    expect(stats).toMatchObject({ acked: 5, retried: 4, handlerErrors: 1 });
  });
});

describe("schema: a Standard Schema validator of the body", () => {
  const Order = v.object({ order: v.pipe(v.number(), v.integer()), note: v.optional(v.string(), "none") });

  it("a valid body reaches the handler as the schema gives it back (defaults applied)", async () => {
    const { q } = setup();
    await q.send({ order: 1 });
    const bodies: unknown[] = [];
    const consumer = q.consume(async (message) => void bodies.push(message.body), { schema: Order });
    await until(() => consumer.stats().acked === 1);
    await consumer.stop();
    expect(bodies).toEqual([{ order: 1, note: "none" }]);
  });

  it.each([
    ["retry", { retried: 1, acked: 0 }, 1],
    ["ack", { retried: 0, acked: 1 }, 0],
  ] as const)(
    'an invalid body never reaches the handler; onInvalid "%s"; it is reported to onError',
    async (onInvalid, counts, left) => {
      const { q, backlog } = setup();
      await q.send({ order: "not a number" });
      let called = 0;
      const errors: unknown[] = [];
      const consumer = q.consume(async () => void called++, {
        schema: Order,
        onInvalid,
        retryDelay: () => 3600,
        onError: (error) => errors.push(error),
      });
      await until(() => consumer.stats().acked + consumer.stats().retried === 1);
      const stats = await consumer.stop();
      expect(called).toBe(0);
      expect(stats).toMatchObject({ invalid: 1, ...counts });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(InvalidMessageError);
      expect((errors[0] as Error).message).toMatch(/^message \w+ is invalid: at order: Invalid type/);
      expect(backlog()).toBe(left);
    },
  );

  it("onInvalid { sendTo }: pushed to another queue, then acked", async () => {
    const { q, queues, emulator } = setup();
    await q.send({ order: "x" });
    await q.send("not json at all", { contentType: "text" });
    const consumer = q.consume(async () => {}, {
      schema: Order,
      onInvalid: { sendTo: queues.queue("q-invalid") },
    });
    await until(() => consumer.stats().acked === 2);
    await consumer.stop();
    expect(emulator.metrics("q")?.backlog_count).toBe(0);
    const { messages } = await queues.queue("q-invalid").pull({ batchSize: 10 });
    expect(messages.map((m) => m.body)).toEqual([{ order: "x" }, "not json at all"]);
  });

  it("a body that cannot be decoded takes the invalid path and never sinks its batch", async () => {
    // A json message whose stored body is not JSON: as a Workers producer could leave it.
    const broken = new Response(
      JSON.stringify({
        success: true,
        errors: [],
        messages: [],
        result: {
          message_backlog_count: 2,
          messages: [
            {
              id: "bad",
              body: "%%%",
              attempts: 1,
              lease_id: "L1",
              timestamp_ms: 1,
              metadata: { "CF-Content-Type": "json" },
            },
            {
              id: "good",
              body: btoa('{"ok":true}'),
              attempts: 1,
              lease_id: "L2",
              timestamp_ms: 1,
              metadata: {},
            },
          ],
        },
      }),
      { headers: { "content-type": "application/json" } },
    );
    const { emulator } = setup();
    let served = false;
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (!served && String(input).endsWith("/pull")) {
        served = true;
        return broken;
      }
      return emulator.fetch(input, init);
    }) as typeof globalThis.fetch;
    const { queues } = setup({}, { fetch });
    const handled: unknown[] = [];
    const errors: unknown[] = [];
    const consumer = queues.queue("q").consume(async (message) => void handled.push(message.body), {
      onError: (e) => errors.push(e),
      onInvalid: "ack",
    });
    await until(() => consumer.stats().ackCalls > 0 && handled.length === 1);
    await consumer.stop();
    expect(handled).toEqual([{ ok: true }]);
    expect(consumer.stats().invalid).toBe(1);
    expect((errors[0] as InvalidMessageError).messageId).toBe("bad");
  });

  it("options are checked like every other entry point's", () => {
    const { q } = setup();
    expect(() => q.consume(async () => {}, { concurency: 5 } as never)).toThrow(
      'did you mean "concurrency"?',
    );
    expect(() => q.consume(async () => {}, { schema: { parse() {} } } as never)).toThrow(
      "schema must be a Standard Schema validator",
    );
    expect(() => q.consume(async () => {}, { onInvalid: "drop" } as never)).toThrow(
      'onInvalid must be "retry", "ack" or { sendTo: aQueue }; got "drop"',
    );
    expect(() => q.consume(async () => {}, { batchSize: 101 })).toThrow(
      "batchSize must be an integer from 1 to 100; got 101",
    );
    expect(() => q.consume(async () => {}, { visibilityTimeoutMs: 1000, leaseMarginMs: 1000 })).toThrow(
      "leaseMarginMs must be an integer from 0 to 999; got 1000",
    );
    expect(() => q.consume("not a function" as never)).toThrow("handler must be a function");
  });
});
