import { afterEach, describe, expect, it } from "vitest";
import {
  CloudflareApiError,
  NetworkError,
  QueuesClient,
  TimeoutError,
  type ReliabilityOptions,
  type RetryInfo,
} from "../../src/index.js";
import { createEmulator, type FaultRule } from "../../src/emulator/index.js";
import { startEmulator, TRANSPORTS, type Harness, type TransportKind } from "../helpers/emulator.js";

// Tiny backoff so that retry tests take milliseconds; the delays themselves are checked in onRetry.
const FAST: ReliabilityOptions = { backoff: { baseMs: 1, capMs: 4 } };

describe.each(TRANSPORTS)("retries against injected faults (%s)", (kind: TransportKind) => {
  let h: Harness;
  let retries: RetryInfo[];
  afterEach(() => h?.close());

  async function setup(rules: FaultRule[], options: ReliabilityOptions = {}) {
    h = await startEmulator(kind, { faults: { seed: 7, rules } });
    retries = [];
    const client = new QueuesClient({
      accountId: "acc",
      apiToken: "t",
      baseUrl: h.baseUrl,
      fetch: h.fetch,
      ...FAST,
      onRetry: (info) => retries.push(info),
      ...options,
    });
    return client.queue("q");
  }

  it.each([
    ["500", { fault: "500" }],
    ["502-like not JSON on 200", { fault: "not-json" }],
    ["503 without Retry-After", { fault: "503" }],
    ["success:false (15000) on a 200", { fault: "success-false" }],
    ["a connection dropped before the answer", { fault: "drop-before" }],
    ["a connection dropped after applying", { fault: "drop-after" }],
  ] as const)("pull retries %s, then succeeds", async (_, rule) => {
    const q = await setup([{ op: "pull", first: 2, ...rule } as FaultRule]);
    await q.send({ a: 1 }, { retryPushes: "never" });
    const { messages } = await q.pull({ visibilityTimeoutMs: 60_000 });
    expect(retries.map((r) => [r.operation, r.attempt])).toEqual([
      ["queues-pull-messages", 1],
      ["queues-pull-messages", 2],
    ]);
    expect(retries.every((r) => r.delayMs >= 0 && r.delayMs <= 4)).toBe(true);
    // a drop or lost body after applying leased the message: it waits for its lease to end, never lost
    const applied = rule.fault === "drop-after" || rule.fault === "not-json";
    expect(messages).toHaveLength(applied ? 0 : 1);
    expect(h.emulator.metrics("q")!.backlog_count).toBe(1);
  });

  it("gives up after maxRetries (default 2) with the last error, counting the retries", async () => {
    const q = await setup([{ op: "pull", fault: "500" }]);
    const error = (await q.pull().catch((e: unknown) => e)) as CloudflareApiError;
    expect(error).toBeInstanceOf(CloudflareApiError);
    expect(error.status).toBe(500);
    expect(error.retries).toBe(2);
    expect(retries).toHaveLength(2);
    const once = (await q.pull({ maxRetries: 0 }).catch((e: unknown) => e)) as CloudflareApiError;
    expect(once.retries).toBe(0);
    expect(retries).toHaveLength(2);
  });

  it("honours Retry-After on 429 (capped by maxRetryAfterMs)", async () => {
    const q = await setup([{ op: "ack", fault: "429", retryAfter: 30, first: 1 }], { maxRetryAfterMs: 5 });
    await q.ack({ acks: ["L"] });
    expect(retries).toEqual([
      { operation: "queues-ack-messages", attempt: 1, error: expect.any(CloudflareApiError), delayMs: 5 },
    ]);
    expect((retries[0]!.error as CloudflareApiError).retryAfterMs).toBe(30_000);
    expect((retries[0]!.error as CloudflareApiError).code).toBe(971);
  });

  it.each([
    ["403", 403],
    ["404", 404],
    ["405", 405],
    ["409", 409],
  ])("never retries a %s", async (_, status) => {
    h = await startEmulator(kind, {
      tokens: ["right"],
      strict: true,
      queues: { q: {}, nopull: { http_pull: false }, paused: { paused: true } },
    });
    retries = [];
    const token = status === 403 ? "wrong" : "right";
    const queue = { 403: "q", 404: "unknown", 405: "nopull", 409: "paused" }[status]!;
    const client = new QueuesClient({
      accountId: "acc",
      apiToken: token,
      baseUrl: h.baseUrl,
      fetch: h.fetch,
      ...FAST,
    });
    const error = (await client
      .queue(queue)
      .pull({ onRetry: (r) => retries.push(r) })
      .catch((e: unknown) => e)) as CloudflareApiError;
    expect(error.status).toBe(status);
    expect(error.retries).toBe(0);
    expect(retries).toEqual([]);
  });

  describe("pushes", () => {
    it('by default ("safe") retry 429 and 503 with Retry-After, which provably did not apply', async () => {
      const q = await setup([
        { op: "push", fault: "429", retryAfter: 0, first: 1 },
        { op: "batch", fault: "503", retryAfter: 0, first: 1 },
      ]);
      await q.send({ a: 1 });
      await q.sendBatch([{ body: { b: 2 } }]);
      expect(retries.map((r) => [r.operation, (r.error as CloudflareApiError).status])).toEqual([
        ["queues-push-message", 429],
        ["queues-push-messages", 503],
      ]);
      expect(h.emulator.metrics("q")!.backlog_count).toBe(2);
    });

    it.each(["500", "503", "drop-after", "drop-before", "not-json", "success-false"] as const)(
      'by default ("safe") do not retry %s, which may have applied',
      async (fault) => {
        const q = await setup([{ op: "push", fault, first: 1 }]);
        const error = (await q.send({ a: 1 }).catch((e: unknown) => e)) as Error & { retries: number };
        expect(error.retries).toBe(0);
        expect(retries).toEqual([]);
      },
    );

    it('"always" retries a lost answer, and the duplicate is real', async () => {
      const q = await setup([{ op: "push", fault: "drop-after", first: 1 }], { retryPushes: "always" });
      await q.send({ a: 1 });
      expect(retries).toHaveLength(1);
      expect(retries[0]!.error).toBeInstanceOf(NetworkError);
      expect(h.emulator.metrics("q")!.backlog_count).toBe(2); // at least once: one duplicate
    });

    it('"never" retries nothing, not even a 429', async () => {
      const q = await setup([{ op: "push", fault: "429", retryAfter: 0, first: 1 }], {
        retryPushes: "never",
      });
      await expect(q.send({ a: 1 })).rejects.toMatchObject({ status: 429, retries: 0 });
      expect(retries).toEqual([]);
    });

    it("per-call options override the client's", async () => {
      const q = await setup([{ op: "push", fault: "500", first: 1 }], { retryPushes: "never" });
      await q.send({ a: 1 }, { retryPushes: "always" });
      expect(retries).toHaveLength(1);
    });
  });

  it("retries an attempt that times out (timeoutMs)", async () => {
    const q = await setup([{ op: "pull", fault: "delay", ms: 300, first: 1 }], { timeoutMs: 50 });
    const result = await q.pull();
    expect(result.messages).toEqual([]);
    expect(retries).toHaveLength(1);
    expect(retries[0]!.error).toBeInstanceOf(TimeoutError);
    expect(retries[0]!.error.message).toBe(
      "Timeout on queues-pull-messages: no answer within timeoutMs (50 ms)",
    );
  });
});

describe("network failures (no HTTP answer at all)", () => {
  it("connection refused is retried, even for pushes by default, and ends as a NetworkError with its code", async () => {
    const server = await createEmulator().listen({ port: 0 });
    await server.close(); // nothing listens there any more
    const seen: RetryInfo[] = [];
    const q = new QueuesClient({
      accountId: "a",
      apiToken: "t",
      baseUrl: server.url,
      ...FAST,
      onRetry: (r) => seen.push(r),
    }).queue("q");
    const error = (await q.send({ a: 1 }).catch((e: unknown) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.retries).toBe(2);
    expect(seen).toHaveLength(2);
    expect(error.message).toMatch(/^Network error on queues-push-message: fetch failed/);
  });
});
