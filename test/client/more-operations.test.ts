// peek, purge and extend on the wire, and what a call sent in several requests reports when one fails.
import { afterEach, describe, expect, it, vi } from "vitest";
import { CloudflareApiError, QueuesClient, QueuesValidationError, TimeoutError } from "../../src/index.js";
import { envelope, failure, recordingFetch, type Responder } from "../helpers/recording-fetch.js";

const BASE = "https://api.cloudflare.com/client/v4/accounts/acc/queues/q/messages";

function queueAnswering(responder: Responder) {
  const rec = recordingFetch(responder);
  const q = new QueuesClient({ accountId: "acc", apiToken: "tok", fetch: rec.fetch, maxRetries: 0 }).queue(
    "q",
  );
  return { q, calls: rec.calls };
}

afterEach(() => vi.useRealTimers());

const b64 = (text: string) => Buffer.from(text).toString("base64");

describe("peek", () => {
  it("posts batch_size to /peek and decodes messages with a ref and no lease", async () => {
    const { q, calls } = queueAnswering(() =>
      envelope({
        messages: [
          {
            id: "m1",
            body: b64(JSON.stringify({ n: 1 })),
            attempts: 0,
            timestamp_ms: 1767225600000,
            ref: "ref-1",
            metadata: { "CF-Content-Type": "json" },
          },
          {
            id: "m2",
            body: "hi",
            attempts: 2,
            timestamp_ms: 1,
            ref: "ref-2",
            metadata: { "CF-Content-Type": "text" },
          },
        ],
      }),
    );
    const { messages } = await q.peek<{ n: number } | string>({ batchSize: 2 });
    expect(calls[0]).toMatchObject({ url: `${BASE}/peek`, method: "POST", body: { batch_size: 2 } });
    expect(messages.map((m) => [m.id, m.body, m.attempts, m.ref, m.contentType])).toEqual([
      ["m1", { n: 1 }, 0, "ref-1", "json"],
      ["m2", "hi", 2, "ref-2", "text"],
    ]);
    expect(messages[0]!.timestamp).toEqual(new Date(1767225600000));
    expect("leaseId" in messages[0]!).toBe(false);
    expect(JSON.parse(JSON.stringify(messages[0]))).toMatchObject({ id: "m1", body: { n: 1 }, ref: "ref-1" });
    await q.peek();
    expect(calls[1]!.body).toEqual({});
  });

  it("refuses a bad batchSize before sending", async () => {
    const { q, calls } = queueAnswering(() => envelope({ messages: [] }));
    await expect(q.peek({ batchSize: 101 })).rejects.toThrow(
      "batchSize must be an integer from 1 to 100; got 101",
    );
    await expect(q.peek({ batch_size: 5 } as never)).rejects.toThrow('did you mean "batchSize"?');
    expect(calls).toHaveLength(0);
  });
});

describe("purge", () => {
  it("posts refs (strings or peeked messages), and reads warnings and errors", async () => {
    const { q, calls } = queueAnswering(() =>
      envelope({ warnings: { gone: "message not found" }, errors: [{ message: "partly refused" }] }),
    );
    const result = await q.purge(["r1", { ref: "r2" }, "gone"]);
    expect(calls[0]).toMatchObject({
      url: `${BASE}/purge`,
      body: { refs: [{ ref: "r1" }, { ref: "r2" }, { ref: "gone" }] },
    });
    expect(result).toEqual({ warnings: { gone: "message not found" }, errors: ["partly refused"] });
  });

  it("sends more than 100 refs in requests of 100, adding up the results", async () => {
    const { q, calls } = queueAnswering((request) =>
      envelope({ warnings: { [(request.body as { refs: { ref: string }[] }).refs[0]!.ref]: "not found" } }),
    );
    const refs = Array.from({ length: 250 }, (_, i) => `r${i}`);
    const result = await q.purge(refs);
    expect(calls.map((c) => (c.body as { refs: unknown[] }).refs.length)).toEqual([100, 100, 50]);
    expect(Object.keys(result.warnings)).toEqual(["r0", "r100", "r200"]);
  });

  it("refuses a string, an empty ref, or a message without one: nothing is sent", async () => {
    const { q, calls } = queueAnswering(() => envelope({}));
    for (const [input, message] of [
      ["abc", 'refs must be an array (or another iterable) of refs or peeked messages; got "abc"'],
      [[""], 'refs[0] must be a ref (a non-empty string) or a peeked message; got ""'],
      [
        ["ok", { leaseId: "L" }],
        "refs[1] must be a ref (a non-empty string) or a peeked message; got an object",
      ],
    ] as const) {
      const error = await q.purge(input as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QueuesValidationError);
      expect((error as Error).message).toBe(message);
    }
    expect(calls).toHaveLength(0);
  });
});

describe("extend (preview)", () => {
  it("posts lease ids and the visibility timeout to /extend, and reads the count and warnings", async () => {
    const { q, calls } = queueAnswering(() =>
      envelope({ extendCount: 1, warnings: { L2: "lease expired" } }),
    );
    const result = await q.extend(["L1", { leaseId: "L2" }], { visibilityTimeoutMs: 60_000 });
    expect(calls[0]).toMatchObject({
      url: `${BASE}/extend`,
      body: { extend: [{ lease_id: "L1" }, { lease_id: "L2" }], visibility_timeout_ms: 60_000 },
    });
    expect(result).toEqual({ extendCount: 1, warnings: { L2: "lease expired" } });
    await q.extend(["L3"]);
    expect(calls[1]!.body).toEqual({ extend: [{ lease_id: "L3" }] });
  });

  it("refuses a bad visibility timeout before sending", async () => {
    const { q, calls } = queueAnswering(() => envelope({}));
    await expect(q.extend(["L"], { visibilityTimeoutMs: 0 })).rejects.toThrow(
      "visibilityTimeoutMs must be an integer from 1 to 43200000; got 0",
    );
    expect(calls).toHaveLength(0);
  });
});

describe("a call sent in several requests, when a later one fails", () => {
  it("ack: the error carries what was settled and the lease ids whose outcome is unknown", async () => {
    const { q, calls } = queueAnswering((_, i) =>
      i === 0
        ? envelope({ ackCount: 99, retryCount: 1, warnings: { L5: "lease not found" } })
        : failure(500, 15000, "Unknown internal error"),
    );
    const acks = Array.from({ length: 150 }, (_, i) => `L${i}`);
    const retries = Array.from({ length: 100 }, (_, i) => ({ leaseId: `R${i}`, delaySeconds: 5 }));
    const error = (await q.ack({ acks, retries }).catch((e: unknown) => e)) as CloudflareApiError;
    expect(error).toBeInstanceOf(CloudflareApiError);
    expect(error.status).toBe(500);
    expect(calls).toHaveLength(2); // the third request was never sent
    expect(error.partial?.result).toEqual({
      ackCount: 99,
      retryCount: 1,
      warnings: { L5: "lease not found" },
    });
    expect(error.partial?.unconfirmed).toEqual([...acks.slice(100), ...retries.map((r) => r.leaseId)]);
    // the requests themselves: acks first, then retries, 100 lease ids each
    expect(calls.map((c) => [(c.body as any).acks.length, (c.body as any).retries.length])).toEqual([
      [100, 0],
      [50, 50],
    ]);
  });

  it("deadlineMs bounds the whole call, not each of its requests", async () => {
    // Each request takes 60 ms (and stops when its signal aborts): two fit in 150 ms, three do not.
    let calls = 0;
    const slowFetch = ((_url: string, init: RequestInit) =>
      new Promise<Response>((resolve, reject) => {
        calls++;
        const timer = setTimeout(() => resolve(envelope({ extendCount: 100 })), 60);
        init.signal?.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(init.signal!.reason);
        });
      })) as typeof fetch;
    const q = new QueuesClient({ accountId: "acc", apiToken: "tok", fetch: slowFetch, maxRetries: 0 }).queue(
      "q",
    );
    const leases = Array.from({ length: 300 }, (_, i) => `L${i}`);
    vi.useFakeTimers(); // the clock moves only when the test says: the timings are exact
    const extending = q.extend(leases, { deadlineMs: 150 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    const error = (await extending) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(calls).toBe(3);
    expect(error.partial?.result).toEqual({ extendCount: 200, warnings: {} });
    expect(error.partial?.unconfirmed).toEqual(leases.slice(200));
    const twoRequests = q.extend(leases.slice(0, 200), { deadlineMs: 150 });
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(twoRequests).resolves.toEqual({ extendCount: 200, warnings: {} });
  });

  it("a call sent in one request has no partial result", async () => {
    const { q } = queueAnswering(() => failure(500, 15000, "Unknown internal error"));
    const error = (await q.ack({ acks: ["L1"] }).catch((e: unknown) => e)) as CloudflareApiError;
    expect(error.partial).toBeUndefined();
    expect(Object.keys(error)).not.toContain("partial");
  });
});
