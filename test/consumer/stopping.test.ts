// stop() in both modes, the signal option and `await using`: a stopped consumer holds no lease.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AbortError } from "../../src/index.js";
import { advanceUntil, setup, until } from "./harness.js";

/** Everything the queue holds is available again (nothing leased): a pull of all of it gets all of it. */
async function nothingLeased(q: ReturnType<typeof setup>["q"], backlog: number) {
  const { messages } = await q.pull({ batchSize: 100 });
  expect(messages).toHaveLength(backlog);
  await q.ack({ retries: messages.map((m) => ({ leaseId: m.leaseId, delaySeconds: 0 })) });
}

describe("stop()", () => {
  afterEach(() => vi.useRealTimers());

  it('"drain": no more pulls, unstarted messages given back, running handlers finish and are acked', async () => {
    const { q, push, backlog } = setup();
    await push(60);
    const finishing: (() => void)[] = [];
    const consumer = q.consume(() => new Promise<void>((resolve) => finishing.push(resolve)), {
      concurrency: 5,
      batchSize: 20,
      maxPulls: 1,
    });
    await until(() => finishing.length === 5 && consumer.stats().buffered === 15);
    const stopping = consumer.stop();
    expect(consumer.stats().state).toBe("stopping");
    await until(() => consumer.stats().released === 15);
    for (const finish of finishing) finish();
    const stats = await stopping;
    expect(stats).toMatchObject({
      state: "stopped",
      pulled: 20,
      acked: 5,
      released: 15,
      inFlight: 0,
      buffered: 0,
    });
    expect(stats.pulls).toBe(1);
    expect(backlog()).toBe(55);
    await nothingLeased(q, 55);
    expect(await consumer.closed).toEqual(stats);
  });

  it('"drain" past timeoutMs: the signals abort, and what still does not settle is given back', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    const { q, push, backlog } = setup();
    await push(3);
    const reasons: unknown[] = [];
    const consumer = q.consume<{ n: number }>(
      (message, { signal }) =>
        new Promise((_, reject) => {
          // message 0 obeys its signal; the others ignore it
          signal.addEventListener("abort", () => {
            reasons.push(signal.reason);
            if (message.body.n === 0) reject(signal.reason);
          });
        }),
      { concurrency: 3, retryDelay: () => 0 },
    );
    await advanceUntil(() => consumer.stats().inFlight === 3);
    const stopping = consumer.stop({ timeoutMs: 5_000 });
    const elapsed = await advanceUntil(() => consumer.stats().state === "stopped");
    const stats = await stopping;
    expect(elapsed).toBeGreaterThanOrEqual(5_000);
    expect(reasons).toHaveLength(3);
    expect(reasons[0]).toBeInstanceOf(AbortError);
    expect(stats).toMatchObject({ retried: 1, released: 2, handlerErrors: 1, expired: 0 });
    expect(backlog()).toBe(3);
    await nothingLeased(q, 3);
  });

  it('"release": running handlers are aborted at once and everything unsettled is given back', async () => {
    const { q, push } = setup();
    await push(10);
    let aborted = 0;
    const consumer = q.consume(
      (_message, { signal }) => new Promise(() => signal.addEventListener("abort", () => aborted++)),
      { concurrency: 4, batchSize: 10, maxPulls: 1 },
    );
    await until(() => consumer.stats().inFlight === 4);
    const stats = await consumer.stop({ mode: "release", timeoutMs: 60_000 });
    expect(aborted).toBe(4);
    expect(stats).toMatchObject({ released: 10, acked: 0, inFlight: 0 });
    await nothingLeased(q, 10);
  });

  it("calling it twice returns the same promise; its options are checked", async () => {
    const { q } = setup();
    const consumer = q.consume(async () => {});
    expect(() => consumer.stop({ mode: "gently" } as never)).toThrow(
      'mode must be "drain" or "release"; got "gently"',
    );
    expect(() => consumer.stop({ timeout: 5 } as never)).toThrow('did you mean "timeoutMs"?');
    const first = consumer.stop();
    expect(consumer.stop({ mode: "release" })).toBe(first);
    await first;
  });

  it("the signal option stops it as stop() does; `await using` stops it on scope exit", async () => {
    const { q, push, backlog } = setup();
    await push(5);
    const controller = new AbortController();
    const consumer = q.consume(async () => {}, { signal: controller.signal });
    await until(() => backlog() === 0);
    controller.abort();
    expect(await consumer.closed).toMatchObject({ state: "stopped", acked: 5 });

    await push(5);
    let disposed: ReturnType<typeof q.consume> | undefined;
    {
      await using scoped = q.consume(async () => {});
      disposed = scoped;
      await until(() => backlog() === 0);
    }
    expect(disposed.stats()).toMatchObject({ state: "stopped", acked: 5 });
  });

  it("a consumer given an aborted signal never pulls", async () => {
    const { q, push } = setup();
    await push(1);
    const consumer = q.consume(async () => {}, { signal: AbortSignal.abort() });
    expect(await consumer.closed).toMatchObject({ state: "stopped", pulls: 0 });
  });
});

describe("state changes", () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) }));
  afterEach(() => vi.useRealTimers());

  it("are reported as they happen: idle when empty, running when messages come, idle again, stopping, stopped", async () => {
    const { q, push } = setup();
    const states: string[] = [];
    const consumer = q.consume(async () => {}, { onStateChange: (state) => states.push(state) });
    await advanceUntil(() => states.includes("idle"));
    await push(3);
    await advanceUntil(() => consumer.stats().acked === 3, 60_000);
    const stopping = consumer.stop();
    await advanceUntil(() => consumer.stats().state === "stopped");
    await stopping;
    expect(states).toEqual(["idle", "running", "idle", "stopping", "stopped"]);
  });
});
