// Edges found in review: thousands of messages that cannot start in a row, a schema that answers
// nothing, an extend sent in several requests of which a later one fails, and a buffer of
// thousands of tasks drained while more arrive.
import { afterEach, describe, expect, it, vi } from "vitest";
import { Dispatcher } from "../../src/consumer/dispatcher.js";
import { resolveConsumerOptions } from "../../src/consumer/settings.js";
import { Settler } from "../../src/consumer/settler.js";
import { newCounters } from "../../src/consumer/stats.js";
import type { InvalidMessageError } from "../../src/consumer/index.js";
import { advanceUntil, deferred, setup, until } from "./harness.js";

afterEach(() => vi.useRealTimers());

describe("a dispatcher with thousands of messages that cannot start", () => {
  it("gives them all back when a slot frees, without deepening the stack", async () => {
    const { q, push, emulator } = setup();
    const COUNT = 5_000;
    await push(2 * COUNT);
    // The consumer's own parts, on the emulator: the real settler acks and releases there.
    const settings = resolveConsumerOptions({ concurrency: COUNT, visibilityTimeoutMs: 30_000 }, "consume");
    const counters = newCounters();
    const settler = new Settler(q, settings, counters);
    const gate = deferred();
    const dispatcher = new Dispatcher(
      q,
      { kind: "message", handle: () => gate.promise },
      settings,
      counters,
      settler,
    );
    const pullInto = async (sentAt: number) => {
      for (let i = 0; i < COUNT; i += 100)
        dispatcher.receive((await q.pull({ batchSize: 100, visibilityTimeoutMs: 30_000 })).messages, sentAt);
    };
    await pullInto(Date.now()); // every slot busy
    // Pulls "sent 29 s ago": their leases end within the margin, so none of them may start.
    await pullInto(Date.now() - 29_000);
    expect(dispatcher.inFlight).toBe(COUNT);
    expect(dispatcher.buffered).toBe(COUNT);

    gate.resolve();
    await dispatcher.handlersDone(10_000);
    await dispatcher.leasesDone();
    expect(counters).toMatchObject({ acked: COUNT, released: COUNT, expired: 0 });
    expect(emulator.metrics("q")!.backlog_count).toBe(COUNT); // the released ones, back on the queue
  });
});

describe("a schema that answers nothing", () => {
  it("sends the message down the invalid path, and the consumer still stops", async () => {
    const { q, push, emulator } = setup();
    await push(1);
    const errors: unknown[] = [];
    const broken = {
      "~standard": { version: 1 as const, vendor: "broken", validate: () => undefined as never },
    };
    const consumer = q.consume(async () => {}, { schema: broken, onError: (e) => errors.push(e) });
    const start = Date.now();
    while (consumer.stats().invalid === 0 && Date.now() - start < 5_000)
      await new Promise((resolve) => setTimeout(resolve, 5));
    const stats = await consumer.stop();
    expect(stats).toMatchObject({ invalid: 1, retried: 1, handlerErrors: 0 });
    expect((errors[0] as InvalidMessageError).message).toMatch(/the schema gave no result \(undefined\)/);
    expect(emulator.metrics("q")!.backlog_count).toBe(1);
  });
});

describe("a schema still validating when stop() gives the message back", () => {
  it("never starts the handler afterwards", async () => {
    const { q, push, emulator } = setup();
    await push(1);
    const validating = deferred();
    const gate = deferred<{ value: unknown }>();
    const slowSchema = {
      "~standard": {
        version: 1 as const,
        vendor: "slow",
        validate: (value: unknown) => {
          validating.resolve();
          return gate.promise.then(() => ({ value }));
        },
      },
    };
    let handled = 0;
    const consumer = q.consume(async () => void handled++, { schema: slowSchema });
    await validating.promise;
    const stopping = consumer.stop({ mode: "release" });
    gate.resolve({ value: undefined });
    const stats = await stopping;
    await new Promise((resolve) => setTimeout(resolve, 20)); // anything the schema's answer would start
    expect(handled).toBe(0);
    expect(stats).toMatchObject({ released: 1, acked: 0 });
    expect(emulator.metrics("q")!.backlog_count).toBe(1);
  });
});

describe("extendLeases, when a later request of one extend fails", () => {
  it("keeps what the earlier requests extended; only the rest of the handlers are aborted", async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    let extendRequests = 0;
    let emulatorFetch: typeof fetch;
    // The second extend request (leases 101-150 of the first extend) fails; every other one passes.
    const failingSecondExtend = ((url: string, init: RequestInit) => {
      if (url.endsWith("/messages/extend") && ++extendRequests === 2)
        return Promise.resolve(
          new Response(
            JSON.stringify({
              success: false,
              errors: [{ code: 10001, message: "boom" }],
              messages: [],
              result: null,
            }),
            { status: 400, headers: { "content-type": "application/json" } },
          ),
        );
      return emulatorFetch(url, init);
    }) as typeof fetch;
    const h = setup({}, { fetch: failingSecondExtend });
    emulatorFetch = h.emulator.fetch;
    await h.push(150);
    const aborted = new Set<number>();
    const consumer = h.q.consume<{ n: number }>(
      async (message, { signal }) => {
        signal.addEventListener("abort", () => aborted.add(message.body.n));
        await new Promise((resolve, reject) => {
          setTimeout(resolve, 12_000); // more than two leases long
          signal.addEventListener("abort", () => reject(signal.reason));
        });
      },
      {
        concurrency: 150,
        visibilityTimeoutMs: 5_000,
        leaseMarginMs: 1_000,
        extendLeases: true,
        retryDelay: () => 3600,
        onError: () => {},
      },
    );
    await advanceUntil(() => consumer.stats().acked + consumer.stats().retried === 150, 60_000);
    expect(consumer.stats()).toMatchObject({ acked: 100, retried: 50, expired: 0, handlerErrors: 50 });
    expect(aborted.size).toBe(50);
    const stopping = consumer.stop();
    await advanceUntil(() => consumer.stats().state === "stopped");
    await stopping;
  });
});

describe("a buffer of thousands of tasks", () => {
  it("starts them in pull order, each once, while more arrive, however the buffer compacts", async () => {
    const { q, push } = setup();
    const FIRST = 3_000;
    const LATER = 1_000;
    await push(FIRST + LATER);
    const settings = resolveConsumerOptions({ concurrency: 1, visibilityTimeoutMs: 30_000 }, "consume");
    const counters = newCounters();
    const started: number[] = [];
    // Each handler waits for its own turn, so that the test says how far the buffer has drained.
    const turns = Array.from({ length: FIRST + LATER }, () => deferred());
    const dispatcher = new Dispatcher(
      q,
      {
        kind: "message",
        handle: async (message) => {
          const { n } = message.body as { n: number };
          started.push(n);
          await turns[n]!.promise;
        },
      },
      settings,
      counters,
      new Settler(q, settings, counters),
    );
    const pullInto = async (count: number) => {
      for (let i = 0; i < count; i += 100)
        dispatcher.receive(
          (await q.pull({ batchSize: 100, visibilityTimeoutMs: 30_000 })).messages,
          Date.now(),
        );
    };
    await pullInto(FIRST);
    expect(dispatcher.buffered).toBe(FIRST - 1);

    // Past the point where the buffer's taken front is dropped (over 1,024 taken, and half of it)…
    for (let n = 0; n < 2_000; n++) turns[n]!.resolve();
    await until(() => started.length === 2_001, 10_000, "2,001 handlers to start");
    expect(dispatcher.buffered).toBe(FIRST - 2_001);
    // …more arrive behind what is left, and everything drains.
    await pullInto(LATER);
    for (const turn of turns) turn.resolve();
    await until(() => dispatcher.buffered === 0 && dispatcher.inFlight === 0, 10_000, "the buffer to drain");
    await dispatcher.leasesDone();

    expect(started).toEqual(Array.from({ length: FIRST + LATER }, (_, n) => n));
    expect(counters).toMatchObject({ acked: FIRST + LATER, expired: 0 });
  });
});
