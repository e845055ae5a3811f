// What a handler's outcome does to its message, checked against the emulator's state.
import { describe, expect, it } from "vitest";
import type { ConsumedMessage } from "../../src/consumer/index.js";
import { deferred, setup, until } from "./harness.js";

describe("a handler's verdict", () => {
  it("resolving acks; throwing retries with the retryDelay; every message is handled once", async () => {
    const { q, push, backlog } = setup();
    await push(50);
    const seen: number[] = [];
    const consumer = q.consume<{ n: number }>(
      async (message) => {
        seen.push(message.body.n);
        if (message.body.n % 10 === 0 && message.attempts === 1) throw new Error("flaky");
      },
      { concurrency: 8, retryDelay: () => 0 },
    );
    await until(() => backlog() === 0, 10_000, "the backlog to drain");
    const stats = await consumer.stop();
    expect(new Set(seen).size).toBe(50);
    expect(seen.length).toBe(55); // five failed once, then passed
    expect(stats).toMatchObject({
      pulled: 55,
      acked: 50,
      retried: 5,
      handlerErrors: 5,
      expired: 0,
      invalid: 0,
    });
  });

  it("a retried message comes back after the delay retryDelay gives, with attempts + 1", async () => {
    const { q, push, emulator } = setup();
    await push(1);
    const attempts: number[] = [];
    const consumer = q.consume(
      async (message) => {
        attempts.push(message.attempts);
        throw new Error("always");
      },
      {
        retryDelay: (message, error) =>
          message.attempts === 1 && (error as Error).message === "always" ? 3600 : 0,
      },
    );
    await until(() => consumer.stats().retried === 1);
    await consumer.stop();
    expect(attempts).toEqual([1]);
    // Delayed by an hour: not available now.
    expect((await q.pull()).messages).toEqual([]);
    expect(emulator.metrics("q")?.backlog_count).toBe(1);
  });

  it("the first settle wins; later ones change nothing and get the same answer", async () => {
    const { q, push, backlog } = setup();
    await push(3);
    const answers: boolean[][] = [];
    const consumer = q.consume<{ n: number }>(async (message) => {
      const first = message.body.n === 0 ? message.ack() : message.retry({ delaySeconds: 3600 });
      answers.push([await first, await message.ack(), await message.retry()]);
      if (message.body.n === 2) throw new Error("settled already: the throw changes nothing");
    });
    await until(() => consumer.stats().acked + consumer.stats().retried === 3);
    const stats = await consumer.stop();
    expect(answers).toEqual([
      [true, true, true],
      [true, true, true],
      [true, true, true],
    ]);
    expect(stats).toMatchObject({ acked: 1, retried: 2, handlerErrors: 1 });
    expect(backlog()).toBe(2); // the two retried (delayed an hour), none acked twice
  });

  it("a handler that throws synchronously is a rejection; one that resolves after settling twice counts once", async () => {
    const { q, push } = setup();
    await push(2);
    const consumer = q.consume<{ n: number }>(
      (message) => {
        if (message.body.n === 0) throw new Error("sync");
        void message.ack();
        void message.ack();
      },
      { retryDelay: () => 3600 },
    );
    await until(() => consumer.stats().acked + consumer.stats().retried === 2);
    expect(await consumer.stop()).toMatchObject({ acked: 1, retried: 1, handlerErrors: 1 });
  });

  it("never runs more than `concurrency` handlers at once", async () => {
    const { q, push, backlog } = setup();
    await push(200);
    let running = 0;
    let most = 0;
    const consumer = q.consume(
      async () => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 1));
        running--;
      },
      { concurrency: 7 },
    );
    await until(() => backlog() === 0);
    await consumer.stop();
    expect(most).toBe(7);
  });

  it("the message has the pulled fields, its lease's end, and whether it is the last attempt", async () => {
    const { q } = setup({ queues: { q: { max_retries: 1 } } });
    await q.send("hello", { contentType: "text" });
    const got = deferred<ConsumedMessage>();
    const before = Date.now();
    const consumer = q.consume(
      async (message) => {
        got.resolve(message);
        throw new Error("again");
      },
      { maxRetries: 1, visibilityTimeoutMs: 60_000, retryDelay: () => 0 },
    );
    const first = await got.promise;
    expect(first).toMatchObject({ body: "hello", contentType: "text", attempts: 1, isLastAttempt: false });
    expect(first.leaseExpiresAt.getTime()).toBeGreaterThanOrEqual(before + 60_000);
    expect(first.leaseExpiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(JSON.parse(JSON.stringify(first))).toMatchObject({ body: "hello", isLastAttempt: false });
    await until(() => consumer.stats().pulled === 2);
    await consumer.stop();
    const unknown = q.consume(async () => {}, {});
    await unknown.stop();
  });

  it("isLastAttempt is true on the delivery past maxRetries, and undefined when maxRetries is not given", async () => {
    const { q } = setup({ queues: { q: { max_retries: 1 } } });
    await q.send({ a: 1 });
    const flags: (boolean | undefined)[] = [];
    const consumer = q.consume(
      async (message) => {
        flags.push(message.isLastAttempt);
        throw new Error("again");
      },
      { maxRetries: 1, retryDelay: () => 0 },
    );
    await until(() => consumer.stats().retried === 2);
    await consumer.stop();
    expect(flags).toEqual([false, true]);
    const { q: other, push } = setup();
    await push(1);
    const seen: (boolean | undefined)[] = [];
    const plain = other.consume(async (message) => void seen.push(message.isLastAttempt));
    await until(() => seen.length === 1);
    await plain.stop();
    expect(seen).toEqual([undefined]);
  });
});
