import { describe, expect, it } from "vitest";
import { CloudflareApiError, QueuesClient, TimeoutError, type RetryInfo } from "../../src/index.js";
import { retryAfterMs, retryDelay } from "../../src/client/retry-policy.js";
import { envelope, failure, recordingFetch, type Responder } from "../helpers/recording-fetch.js";

function client(responder: Responder, options: Record<string, unknown> = {}) {
  const rec = recordingFetch(responder);
  const seen: RetryInfo[] = [];
  const queues = new QueuesClient({
    accountId: "a",
    apiToken: "t",
    fetch: rec.fetch,
    backoff: { baseMs: 1, capMs: 2 },
    onRetry: (r) => seen.push(r),
    ...options,
  });
  return { q: queues.queue("q"), calls: rec.calls, seen };
}

describe("what is never retried", () => {
  it.each([400, 401, 403, 404, 405, 409, 413, 422])("status %i: one call, no retry", async (status) => {
    const { q, calls, seen } = client(() => failure(status, 10000 + status, "nope"));
    await expect(q.pull()).rejects.toMatchObject({ status, retries: 0 });
    expect(calls).toHaveLength(1);
    expect(seen).toEqual([]);
  });

  it.each([10252, 10253])("429 with the permanent code %i", async (code) => {
    const { q, calls } = client(() => failure(429, code, "disabled or over quota", { "retry-after": "1" }));
    await expect(q.pull()).rejects.toMatchObject({ status: 429, code });
    expect(calls).toHaveLength(1);
  });

  it("a success:false envelope on a 200 with a 4xx-class code", async () => {
    const { q, calls } = client(() =>
      envelope(null, { success: false, errors: [{ code: 10207, message: "bad" }] }),
    );
    await expect(q.ack({ acks: ["L"] })).rejects.toMatchObject({ status: 200, code: 10207, retries: 0 });
    expect(calls).toHaveLength(1);
  });

  it("anything after the caller's signal aborted: no further attempt, AbortError at once", async () => {
    const controller = new AbortController();
    const { q, calls } = client(() => {
      controller.abort(new Error("shutting down"));
      return failure(500, 15000, "boom");
    });
    const error = (await q.pull({ signal: controller.signal }).catch((e: unknown) => e)) as Error;
    expect(error.name).toBe("AbortError");
    expect((error.cause as Error).message).toBe("shutting down");
    expect(calls).toHaveLength(1);
  });

  it("an already aborted signal sends nothing", async () => {
    const { q, calls } = client(() => envelope({}));
    await expect(q.send({ a: 1 }, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(calls).toHaveLength(0);
  });
});

describe("what is retried", () => {
  it.each([429, 500, 502, 503, 504])("status %i on pull and ack", async (status) => {
    const { q, calls, seen } = client((_, i) =>
      i === 0 ? failure(status, 15000, "x") : envelope({ messages: [] }),
    );
    await q.pull();
    expect(calls).toHaveLength(2);
    expect(seen.map((r) => r.attempt)).toEqual([1]);
  });

  it.each([15000, 10250])("a success:false envelope on a 200 with code %i", async (code) => {
    const { q, calls } = client((_, i) =>
      i === 0 ? envelope(null, { success: false, errors: [{ code, message: "x" }] }) : envelope({}),
    );
    await q.ack({ acks: ["L"] });
    expect(calls).toHaveLength(2);
  });

  it("a caller's abort during the backoff wait ends the call at once", async () => {
    const controller = new AbortController();
    const { q, calls } = client(() => failure(503, 15000, "x"), {
      backoff: { baseMs: 60_000, capMs: 60_000 },
      onRetry: () => setTimeout(() => controller.abort(), 5),
    });
    const error = (await q.pull({ signal: controller.signal }).catch((e: unknown) => e)) as Error & {
      retries: number;
    };
    expect(error.name).toBe("AbortError");
    expect(error.retries).toBe(1);
    expect(calls).toHaveLength(1);
  });
});

describe("how long it waits", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it.each([
    [{ "retry-after-ms": "1500" }, 1500],
    [{ "retry-after-ms": "1500", "retry-after": "9" }, 1500],
    [{ "retry-after": "3" }, 3000],
    [{ "retry-after": "Thu, 01 Jan 2026 00:00:07 GMT" }, 7000],
    [{ "retry-after": "Wed, 31 Dec 2025 23:59:00 GMT" }, 0],
    [{ "x-ratelimit-reset": "Thu, 01 Jan 2026 00:00:05 GMT" }, 5000],
    [{ "x-ratelimit-reset": "4" }, 4000],
    [{ "retry-after": "soon" }, undefined],
    [{}, undefined],
  ])("%j → %s ms", (headers, expected) => {
    expect(retryAfterMs(new Headers(headers as Record<string, string>), now)).toBe(expected);
  });

  it("full jitter: the n-th wait is uniform in [0, min(cap, base × 2^(n-1)))", () => {
    expect(
      [1, 2, 3, 4, 5, 6].map((retry) =>
        retryDelay({
          error: new Error(),
          retry,
          baseMs: 500,
          capMs: 8000,
          maxRetryAfterMs: 60_000,
          random: () => 0.999999,
        }),
      ),
    ).toEqual([499, 999, 1999, 3999, 7999, 7999]);
    expect(
      retryDelay({
        error: new Error(),
        retry: 3,
        baseMs: 500,
        capMs: 8000,
        maxRetryAfterMs: 60_000,
        random: () => 0,
      }),
    ).toBe(0);
  });

  it("a wait asked by the answer is capped at maxRetryAfterMs (60 s by default)", async () => {
    const { q, seen } = client(
      (_, i) => (i === 0 ? failure(429, 971, "slow down", { "retry-after": "3600" }) : envelope({})),
      {
        maxRetryAfterMs: 3,
      },
    );
    await q.pull();
    expect(seen.map((r) => r.delayMs)).toEqual([3]);
    const asked = new CloudflareApiError({
      operation: "x",
      status: 429,
      errors: [],
      retryAfterMs: 3_600_000,
    });
    expect(retryDelay({ error: asked, retry: 1, baseMs: 500, capMs: 8000, maxRetryAfterMs: 60_000 })).toBe(
      60_000,
    );
  });
});

describe("deadlineMs", () => {
  it("a retry whose wait would end past the deadline is not attempted: TimeoutError", async () => {
    const { q, calls } = client(() => failure(503, 15000, "x", { "retry-after": "5" }), { deadlineMs: 1000 });
    const error = (await q.pull().catch((e: unknown) => e)) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.name).toBe("TimeoutError");
    expect(error.message).toMatch(/retry 1 would wait 5000 ms, past the deadline of 1000 ms/);
    expect(error.cause).toBeInstanceOf(CloudflareApiError);
    expect(error.retries).toBe(0);
    expect(calls).toHaveLength(1);
  });

  it("bounds the attempts themselves", async () => {
    const never: typeof fetch = (_url, init) =>
      new Promise((_, reject) => init!.signal!.addEventListener("abort", () => reject(init!.signal!.reason)));
    const q = new QueuesClient({ accountId: "a", apiToken: "t", fetch: never }).queue("q");
    const error = (await q.pull({ deadlineMs: 30, maxRetries: 5 }).catch((e: unknown) => e)) as TimeoutError;
    expect(error.name).toBe("TimeoutError");
    expect(error.message).toMatch(/deadline of 30 ms/);
  });
});

describe("reliability options are checked", () => {
  it.each([
    [{ maxRetries: -1 }, "maxRetries must be an integer of at least 0; got -1"],
    [{ timeoutMs: 0 }, "timeoutMs must be an integer of at least 1; got 0"],
    [{ retryPushes: "sometimes" }, 'retryPushes must be one of "always", "safe", "never"; got "sometimes"'],
  ])("%j", async (options, message) => {
    expect(() => new QueuesClient({ accountId: "a", apiToken: "t", ...(options as object) })).toThrow(
      message,
    );
    const { q, calls } = client(() => envelope({}));
    await expect(q.pull(options as never)).rejects.toThrow(message);
    expect(calls).toHaveLength(0);
  });
});
