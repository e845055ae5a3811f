// The faults a consumer rides through (paused queues, failing pulls and acks, an empty queue) and
// the ones that stop it (no permission, no queue, no pull consumer), under an injected clock.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Consumer, ConsumerStats } from "../../src/consumer/index.js";
import { CloudflareApiError } from "../../src/index.js";
import { advanceUntil, setup } from "./harness.js";

beforeEach(() => vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) }));
afterEach(() => vi.useRealTimers());

/** Stops a consumer under fake timers. */
async function stopped(consumer: Consumer): Promise<ConsumerStats> {
  const stopping = consumer.stop();
  await advanceUntil(() => consumer.stats().state === "stopped");
  return stopping;
}

/** A fetch in front of the emulator's that answers pulls with `status` while `active()`. */
function refusingPulls(
  fetch: typeof globalThis.fetch,
  active: () => boolean,
  status: number,
  code: number,
  message: string,
) {
  const refused = { pulls: 0 };
  const wrapped = (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (active() && String(input).endsWith("/messages/pull")) {
      refused.pulls++;
      return new Response(
        JSON.stringify({ success: false, errors: [{ code, message }], messages: [], result: null }),
        {
          status,
          headers: { "content-type": "application/json" },
        },
      );
    }
    return fetch(input, init);
  }) as typeof globalThis.fetch;
  return { fetch: wrapped, refused };
}

describe("a paused queue is a state, not an error", () => {
  it("reported once, polled with backoff, and left by itself when delivery resumes", async () => {
    const base = setup();
    let paused = true;
    const gate = refusingPulls(base.emulator.fetch, () => paused, 409, 409, "queue_delivery_paused");
    const { queues } = setup({}, { fetch: gate.fetch });
    const q = queues.queue("q");
    await base.push(5);
    const states: string[] = [];
    const errors: unknown[] = [];
    const consumer = q.consume(async () => {}, {
      onStateChange: (s) => states.push(s),
      onError: (e) => errors.push(e),
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(states).toEqual(["paused"]);
    expect(errors).toEqual([]);
    // backing off: a minute of a paused queue is a few pulls, not thousands
    expect(gate.refused.pulls).toBeGreaterThan(3);
    expect(gate.refused.pulls).toBeLessThan(20);
    paused = false;
    await advanceUntil(() => consumer.stats().acked === 5, 20_000);
    expect(states.slice(0, 2)).toEqual(["paused", "running"]);
    await stopped(consumer);
  });
});

describe("answers that stop the consumer, after a grace period", () => {
  it.each([
    [405, 0, "messages cannot be pulled unless http_pull mode is enabled"],
    [403, 10000, "Authentication error"],
    [404, 10104, "Queue not found"],
  ])(
    "%i: closed rejects with the error once it persists past fatalGraceMs; nothing is left leased",
    async (status, code, text) => {
      const base = setup();
      const gate = refusingPulls(base.emulator.fetch, () => true, status, code, text);
      const { queues } = setup({}, { fetch: gate.fetch });
      const errors: unknown[] = [];
      const consumer = queues
        .queue("q")
        .consume(async () => {}, { fatalGraceMs: 10_000, onError: (e) => errors.push(e) });
      const elapsed = await advanceUntil(() => consumer.stats().state === "stopped", 60_000);
      expect(elapsed).toBeGreaterThanOrEqual(10_000);
      const failure = await consumer.closed.catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(CloudflareApiError);
      expect(failure).toMatchObject({ status, code });
      expect(errors).toEqual([failure]); // reported once, when it became fatal
    },
  );

  it("405 for a few seconds right after the pull consumer was added is ridden through", async () => {
    const base = setup();
    await base.push(3);
    const started = Date.now();
    const gate = refusingPulls(base.emulator.fetch, () => Date.now() - started < 4_000, 405, 0, "not yet");
    const { queues } = setup({}, { fetch: gate.fetch });
    const consumer = queues.queue("q").consume(async () => {});
    await advanceUntil(() => consumer.stats().acked === 3, 30_000);
    expect(gate.refused.pulls).toBeGreaterThan(0);
    await stopped(consumer);
  });

  it("a queue without an HTTP pull consumer (emulator config) stops it the same way", async () => {
    const { q } = setup({ queues: { q: { http_pull: false } } });
    const consumer = q.consume(async () => {}, { fatalGraceMs: 1_000 });
    consumer.closed.catch(() => {});
    await advanceUntil(() => consumer.stats().state === "stopped", 30_000);
    await expect(consumer.closed).rejects.toMatchObject({ status: 405 });
  });
});

describe("failures it keeps running through", () => {
  it("pulls and acks failing at random (5xx, dropped before and after applying): no message is lost", async () => {
    let retries = 0;
    const { q, push, backlog } = setup(
      {
        faults: {
          seed: 11,
          rules: [
            { op: "pull", fault: "500", rate: 0.3 },
            { op: "pull", fault: "drop-after", rate: 0.1 },
            { op: "ack", fault: "503", rate: 0.3 },
            { op: "ack", fault: "drop-before", rate: 0.1 },
            { op: "ack", fault: "drop-after", rate: 0.1 },
          ],
        },
      },
      { onRetry: () => retries++ },
    );
    await push(200);
    const handled = new Map<number, number>();
    const errors: unknown[] = [];
    const consumer = q.consume<{ n: number }>(
      async (message) => void handled.set(message.body.n, (handled.get(message.body.n) ?? 0) + 1),
      { concurrency: 20, visibilityTimeoutMs: 5_000, onError: (e) => errors.push(e) },
    );
    await advanceUntil(() => backlog() === 0, 600_000, 50);
    const stats = await stopped(consumer);
    expect(handled.size).toBe(200); // none lost: every message handled at least once
    // A lost pull answer leaves its messages leased until their lease ends: they come again.
    expect(stats.acked).toBeGreaterThanOrEqual(200 - stats.expired);
    expect(retries).toBeGreaterThan(0); // the faults did fire
  });

  it("an ack that keeps failing is tried again while the lease lasts, then counted expired", async () => {
    const { q, push, backlog } = setup({
      faults: { rules: [{ op: "ack", fault: "500", first: 1_000_000 }] },
    });
    await push(1);
    const answers: boolean[] = [];
    const consumer = q.consume(
      async (message) => {
        answers.push(await message.ack());
      },
      {
        visibilityTimeoutMs: 5_000,
        leaseMarginMs: 500,
        maxPulls: 1,
        idleBackoff: { minMs: 60_000, maxMs: 60_000 },
      },
    );
    await advanceUntil(() => answers.length === 1, 30_000);
    expect(answers).toEqual([false]);
    expect(consumer.stats()).toMatchObject({ acked: 0, expired: 1 });
    expect(consumer.stats().ackCalls).toBeGreaterThan(2);
    expect(backlog()).toBe(1);
    await stopped(consumer);
  });
});

describe("an empty queue", () => {
  it("is polled with backoff up to idleBackoff.maxMs, and at full speed as soon as messages appear", async () => {
    const { q, push } = setup();
    const consumer = q.consume(async () => {}, { idleBackoff: { minMs: 200, maxMs: 10_000 } });
    await vi.advanceTimersByTimeAsync(120_000); // settle into the cap
    const before = consumer.stats().pulls;
    await vi.advanceTimersByTimeAsync(600_000);
    const perMinute = (consumer.stats().pulls - before) / 10;
    // at the cap, each wait is drawn in [5 s, 10 s): between 6 and 12 pulls a minute
    expect(perMinute).toBeGreaterThanOrEqual(6);
    expect(perMinute).toBeLessThanOrEqual(12);
    expect(consumer.stats().emptyPulls).toBe(consumer.stats().pulls);
    await push(500);
    // within one capped wait, then full speed: 500 messages in far less than 500 / batchSize waits
    const elapsed = await advanceUntil(() => consumer.stats().acked === 500, 60_000, 5);
    expect(elapsed).toBeLessThan(10_000 + 1_000);
    await stopped(consumer);
  });
});
