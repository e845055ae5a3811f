// Leases under an injected clock: the handler's signal aborts before the lease ends, messages too
// close to their end are given back unstarted, and a handler that never settles loses its message.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TimeoutError } from "../../src/index.js";
import { advanceUntil, setup } from "./harness.js";

beforeEach(() => vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) }));
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("the lease margin", () => {
  it("aborts a running handler's signal leaseMarginMs before its lease ends", async () => {
    const { q, push } = setup();
    await push(1);
    const started = Date.now();
    let abortedAfter = -1;
    let reason: unknown;
    const consumer = q.consume(
      (_message, { signal }) =>
        new Promise((_, reject) =>
          signal.addEventListener("abort", () => {
            abortedAfter = Date.now() - started;
            reason = signal.reason;
            reject(signal.reason);
          }),
        ),
      { visibilityTimeoutMs: 10_000, leaseMarginMs: 2_000, retryDelay: () => 0 },
    );
    await advanceUntil(() => consumer.stats().retried === 1);
    expect(abortedAfter).toBeGreaterThanOrEqual(8_000);
    expect(abortedAfter).toBeLessThan(10_000);
    expect(reason).toBeInstanceOf(TimeoutError);
    expect((reason as Error).message).toMatch(/the lease of message \w+ ends in \d+ ms/);
    const stopping = consumer.stop({ mode: "release" });
    await advanceUntil(() => consumer.stats().state === "stopped");
    expect(await stopping).toMatchObject({ retried: 1, expired: 0, handlerErrors: 1 });
  });

  it("gives back (unstarted) the messages that waited too long for a handler, so another consumer gets them", async () => {
    const { q, push } = setup();
    await push(5);
    const started: number[] = [];
    const consumer = q.consume<{ n: number }>(
      async (message) => {
        started.push(message.body.n);
        await new Promise((resolve) => setTimeout(resolve, 9_000)); // longer than the lease minus the margin
      },
      { concurrency: 1, batchSize: 5, maxPulls: 1, visibilityTimeoutMs: 10_000, leaseMarginMs: 2_000 },
    );
    await advanceUntil(() => consumer.stats().released === 4);
    expect(started).toEqual([0]);
    // Released with no delay: another pull gets them now, with the next attempt.
    const { messages } = await q.pull({ batchSize: 10 });
    expect(messages.map((m) => [(m.body as { n: number }).n, m.attempts])).toEqual([
      [1, 2],
      [2, 2],
      [3, 2],
      [4, 2],
    ]);
    await q.ack({ acks: messages });
    const stopping = consumer.stop({ mode: "release" });
    await advanceUntil(() => consumer.stats().state === "stopped");
    await stopping;
  });

  it("a handler that never settles loses its message when the lease ends: counted expired, its late verdict ignored", async () => {
    const { q, push, backlog } = setup();
    await push(1);
    let finish = () => {};
    const consumer = q.consume(() => new Promise<void>((resolve) => (finish = resolve)), {
      visibilityTimeoutMs: 5_000,
      leaseMarginMs: 1_000,
      maxPulls: 1,
      idleBackoff: { minMs: 60_000, maxMs: 60_000 },
    });
    await advanceUntil(() => consumer.stats().expired === 1, 20_000);
    expect(consumer.stats().inFlight).toBe(0); // the slot is free for other messages
    finish(); // resolves after its lease ended: no ack may follow
    await vi.advanceTimersByTimeAsync(100);
    expect(consumer.stats().acked).toBe(0);
    expect(backlog()).toBe(1);
    const stopping = consumer.stop({ mode: "release" });
    await advanceUntil(() => consumer.stats().state === "stopped");
    expect(await stopping).toMatchObject({ acked: 0, expired: 1 });
  });
});

describe("acks are coalesced", () => {
  it("into requests of at most maxLeases, sent after delayMs", async () => {
    const { q, push, backlog } = setup();
    await push(250);
    const consumer = q.consume(async () => {}, {
      concurrency: 300,
      ackBatching: { maxLeases: 100, delayMs: 50 },
    });
    await advanceUntil(() => backlog() === 0);
    const stats = await consumer.stop();
    expect(stats.acked).toBe(250);
    expect(stats.ackCalls).toBe(3);
  });

  it("and always sent before the earliest lease in them would end, whatever delayMs says", async () => {
    const { q, push, backlog } = setup();
    await push(1);
    const consumer = q.consume(async () => {}, {
      visibilityTimeoutMs: 4_000,
      leaseMarginMs: 1_000,
      ackBatching: { delayMs: 3_600_000 },
    });
    const elapsed = await advanceUntil(() => backlog() === 0);
    expect(elapsed).toBeLessThanOrEqual(3_000);
    expect(consumer.stats()).toMatchObject({ acked: 1, expired: 0 });
    await consumer.stop();
  });

  it("and a lease that ends sooner than the flush already armed brings it forward", async () => {
    const { q, push, backlog } = setup();
    await push(1); // A: pulled at once, its lease ends at 10 s
    await q.send({ n: "B" }, { delaySeconds: 3 }); // B: pulled after 3 s, its lease ends after 13 s
    const started = Date.now();
    let ackedA = -1;
    const consumer = q.consume(
      async (message) => {
        // A's handler resolves at 5 s, after B's ack armed a flush for B's deadline (past 12 s).
        if ((message.body as { n: unknown }).n === 0)
          await new Promise((resolve) => setTimeout(resolve, 5_000));
      },
      {
        concurrency: 2,
        batchSize: 1,
        visibilityTimeoutMs: 10_000,
        leaseMarginMs: 1_000,
        ackBatching: { delayMs: 3_600_000 },
        idleBackoff: { minMs: 100, maxMs: 200 },
      },
    );
    await advanceUntil(() => {
      if (ackedA < 0 && consumer.stats().acked >= 1) ackedA = Date.now() - started;
      return backlog() === 0;
    }, 20_000);
    // A's ack went by A's deadline (10 s less the margin), B's with it: nothing expired.
    expect(ackedA).toBeGreaterThan(5_000);
    expect(ackedA).toBeLessThanOrEqual(9_000);
    expect(consumer.stats()).toMatchObject({ acked: 2, expired: 0 });
    await consumer.stop();
  });
});

describe("requests leave together", () => {
  it("a request that settles filled is sent at the end of their turn, with the next pull, not in the middle of ackAll()", async () => {
    const log: string[] = [];
    const h = setup(
      {},
      {
        fetch: async (url: string | URL | Request, init?: RequestInit) => {
          const path = new URL(String(url)).pathname;
          if (path.endsWith("/messages/ack"))
            log.push(`ack of ${JSON.parse(String(init?.body)).acks.length}`);
          if (path.endsWith("/messages/pull")) log.push("pull");
          return h.emulator.fetch(url, init);
        },
      },
    );
    await h.push(300);
    let batches = 0;
    const consumer = h.q.consumeBatches(
      (batch) => {
        const n = ++batches;
        // Queued before the batch's settles: it runs first when they are sent at the end of the turn.
        setImmediate(() => log.push(`batch ${n}'s turn ends`));
        batch.ackAll();
      },
      { concurrency: 1, batchSize: 100 },
    );
    await advanceUntil(() => h.backlog() === 0);
    await consumer.stop();
    // Each batch's request leaves once the turn it was handled in ends, and the next pull right
    // behind it (one pull in flight at a time: concurrency 1), so the next batch comes a turn later.
    expect(log).toEqual([
      "pull",
      "batch 1's turn ends",
      "ack of 100",
      "pull",
      "batch 2's turn ends",
      "ack of 100",
      "pull",
      "batch 3's turn ends",
      "ack of 100",
      "pull",
    ]);
    expect(consumer.stats()).toMatchObject({ acked: 300, ackCalls: 3, expired: 0 });
  });

  it("a slot that takes the last buffered message still lets the next pull leave with it", async () => {
    const h = setup();
    await h.push(4);
    const pullsAt: number[] = [];
    const started = Date.now();
    const pull = h.q.pull.bind(h.q);
    h.q.pull = (options) => {
      pullsAt.push(Date.now() - started);
      return pull(options);
    };
    const consumer = h.q.consume(() => new Promise((resolve) => setTimeout(resolve, 1_000)), {
      concurrency: 1,
      batchSize: 1,
      maxPulls: 1,
    });
    await advanceUntil(() => h.backlog() === 0, 10_000);
    await consumer.stop();
    // Pull 1 brings the first message, pull 2 the one that waits behind it. When the first handler
    // ends, the second message takes its slot and pull 3 leaves in the same turn, not a handler later.
    expect(pullsAt.slice(0, 2)).toEqual([0, 0]);
    expect(pullsAt[2]).toBeGreaterThanOrEqual(1_000);
    expect(pullsAt[2]).toBeLessThan(1_050);
    expect(pullsAt[3]).toBeLessThan(2_050);
    expect(consumer.stats()).toMatchObject({ acked: 4, expired: 0 });
  });

  it("where there is no setImmediate (browsers, workerd), the same work is done at once", async () => {
    vi.stubGlobal("setImmediate", undefined);
    try {
      const h = setup();
      await h.push(300);
      const consumer = h.q.consumeBatches((batch) => batch.ackAll(), { concurrency: 2, batchSize: 100 });
      await advanceUntil(() => h.backlog() === 0);
      const stats = await consumer.stop();
      expect(stats).toMatchObject({ acked: 300, ackCalls: 3, expired: 0, inFlight: 0 });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe("extendLeases (preview)", () => {
  it("keeps a long handler's lease alive with extend instead of aborting it; its ack then holds", async () => {
    const { q, push, backlog } = setup();
    await push(1);
    let aborted = false;
    const consumer = q.consume(
      async (_message, { signal }) => {
        signal.addEventListener("abort", () => (aborted = true));
        await new Promise((resolve) => setTimeout(resolve, 25_000)); // five leases long
      },
      { visibilityTimeoutMs: 5_000, leaseMarginMs: 1_000, extendLeases: true, maxPulls: 1 },
    );
    await advanceUntil(() => consumer.stats().acked === 1, 60_000);
    expect(aborted).toBe(false);
    expect(consumer.stats()).toMatchObject({ acked: 1, expired: 0, retried: 0, pulled: 1 });
    expect(backlog()).toBe(0);
    const stopping = consumer.stop();
    await advanceUntil(() => consumer.stats().state === "stopped");
    await stopping;
  });

  it("a lease that cannot be extended falls back to aborting its handler, while the lease lasts", async () => {
    // Every jitter at its longest: the client's retries of the failing extend must still give up
    // in time for the handler's message to be retried under its lease.
    vi.spyOn(Math, "random").mockReturnValue(0.999);
    const { q, push } = setup({ faults: { rules: [{ op: "extend", fault: "500", first: 1_000 }] } });
    await push(1);
    let reason: unknown;
    const consumer = q.consume(
      (_message, { signal }) =>
        new Promise((_, reject) =>
          signal.addEventListener("abort", () => {
            reason = signal.reason;
            reject(signal.reason);
          }),
        ),
      {
        visibilityTimeoutMs: 5_000,
        leaseMarginMs: 1_000,
        extendLeases: true,
        retryDelay: () => 3600,
        onError: () => {},
      },
    );
    await advanceUntil(() => consumer.stats().retried === 1, 60_000);
    expect((reason as Error).message).toMatch(/could not be extended/);
    expect(consumer.stats()).toMatchObject({ retried: 1, expired: 0 });
    const stopping = consumer.stop();
    await advanceUntil(() => consumer.stats().state === "stopped");
    await stopping;
  });
});
