// Random runs (fast-check) with faults injected on every operation: drops before and after applying,
// 5xx, delays; handlers that fail at random. Whatever happens, no message is lost, every one is
// handled at least once, none is confirmed acked twice, and the counters add up.
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { FaultRule } from "../../src/emulator/index.js";
import { advanceUntil, setup } from "./harness.js";

beforeEach(() => vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) }));
afterEach(() => vi.useRealTimers());

const FAULTS = ["500", "503", "drop-before", "drop-after", "delay"] as const;
const rule = fc.record({
  op: fc.constantFrom("pull", "ack", "*"),
  fault: fc.constantFrom(...FAULTS),
  rate: fc.double({ min: 0.02, max: 0.25, noNaN: true }),
});

describe("the consumer under random faults (fast-check)", () => {
  it("loses nothing, handles everything at least once, confirms no ack twice, and its counters add up", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          rules: fc.array(rule, { minLength: 1, maxLength: 4 }),
          messages: fc.integer({ min: 1, max: 120 }),
          concurrency: fc.integer({ min: 1, max: 40 }),
          batchSize: fc.integer({ min: 1, max: 100 }),
          failRate: fc.double({ min: 0, max: 0.3, noNaN: true }),
          batches: fc.boolean(),
        }),
        async ({ seed, rules, messages, concurrency, batchSize, failRate, batches }) => {
          const faults = rules.map((r) => ({ ...r, ms: r.fault === "delay" ? 300 : undefined }) as FaultRule);
          const { push, backlog, emulator } = setup({ queues: { q: { max_retries: 100 } } });
          await push(messages);
          const faulty = createFaultyQueue(emulator, seed, faults);
          const handled = new Map<number, number>();
          const confirmedAcks = new Map<number, number>();
          let random = seed;
          const coin = () => (random = (random * 16807) % 2147483647) / 2147483647 < failRate;
          const handle = async (message: { body: { n: number }; ack(): Promise<boolean> }) => {
            handled.set(message.body.n, (handled.get(message.body.n) ?? 0) + 1);
            if (coin()) throw new Error("handler failed");
            if (await message.ack())
              confirmedAcks.set(message.body.n, (confirmedAcks.get(message.body.n) ?? 0) + 1);
          };
          const options = {
            concurrency,
            batchSize,
            visibilityTimeoutMs: 2_000,
            retryDelay: () => 0,
            onError: () => {},
          };
          const consumer = batches
            ? faulty.consumeBatches<{ n: number }>(async (batch) => {
                for (const message of batch.messages) await handle(message).catch(() => message.retry());
              }, options)
            : faulty.consume<{ n: number }>(handle, options);
          await advanceUntil(() => backlog() === 0, 3_600_000, 50);
          const stopping = consumer.stop();
          await advanceUntil(() => consumer.stats().state === "stopped", 600_000, 50);
          const stats = await stopping;

          expect(handled.size).toBe(messages); // none lost, each handled at least once
          for (const count of confirmedAcks.values()) expect(count).toBe(1); // no ack confirmed twice
          // Every message it pulled was settled exactly one way (or its lease lapsed).
          expect(stats.acked + stats.retried + stats.released + stats.expired).toBe(stats.pulled);
          expect(stats.acked).toBeLessThanOrEqual(messages);
          expect(stats.inFlight + stats.buffered).toBe(0);
          expect(backlog()).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});

/**
 * The same queue behind a second emulator front with the given faults: the emulator's faults are
 * configured at creation, so the faulty client talks to a fetch that injects them itself.
 */
function createFaultyQueue(emulator: ReturnType<typeof setup>["emulator"], seed: number, rules: FaultRule[]) {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const op = url.endsWith("/pull") ? "pull" : url.endsWith("/ack") ? "ack" : "other";
    for (const { op: target, fault, rate, ms } of rules) {
      if ((target !== "*" && target !== op) || random() >= (rate ?? 1)) continue;
      if (fault === "delay") await new Promise((resolve) => setTimeout(resolve, ms));
      if (fault === "drop-before") throw new TypeError("fetch failed (injected, before applying)");
      if (fault === "500" || fault === "503") return answer(Number(fault), 15000);
      if (fault === "drop-after") {
        await emulator.fetch(input, init);
        throw new TypeError("fetch failed (injected, after applying)");
      }
    }
    return emulator.fetch(input, init);
  }) as typeof globalThis.fetch;
  return setup({}, { fetch }).queues.queue("q");
}

const answer = (status: number, code: number) =>
  new Response(
    JSON.stringify({ success: false, errors: [{ code, message: "injected" }], messages: [], result: null }),
    {
      status,
      headers: { "content-type": "application/json" },
    },
  );
