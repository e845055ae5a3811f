// The client-wide rate limiter: on a fake clock (vitest's fake timers replace Date.now and
// setTimeout, which the limiter, the retries and the attempts all read), so that an hour of
// traffic runs in well under a second, and the times each request reached the transport are exact.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AbortError, QueuesClient, QueuesValidationError, TimeoutError } from "../../src/index.js";
import { createEmulator } from "../../src/emulator/index.js";
import { envelope, failure } from "../helpers/recording-fetch.js";

const START = Date.UTC(2026, 0, 1);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"], now: START });
});
afterEach(() => {
  vi.useRealTimers();
});

const OK_BYTES = new TextEncoder().encode(JSON.stringify({ success: true, errors: [], result: {} }));
const NO_HEADERS = new Headers();

/**
 * A bare 200 with an empty envelope, without the cost of a WHATWG `Response` (an hour at the
 * account's budget is 14,400 requests, and the proof must take well under a second).
 */
function okAnswer(): Response {
  let read = false;
  const reader = {
    read: async () => (read ? { done: true } : ((read = true), { done: false, value: OK_BYTES })),
  };
  return { status: 200, headers: NO_HEADERS, body: { getReader: () => reader } } as unknown as Response;
}

/** A fetch that answers at once (by `answer`), noting when each request reached it, by operation. */
function timedFetch(answer: (url: string, index: number) => Response = okAnswer) {
  const sent: { at: number; op: string; queue: string }[] = [];
  const fetch = async (input: RequestInfo | URL) => {
    const url = String(input);
    const [, queue, op] = /queues\/([^/]+)\/messages\/?(\w*)/.exec(url)!;
    sent.push({ at: Date.now() - START, op: op || "push", queue: queue! });
    return answer(url, sent.length - 1);
  };
  return { fetch: fetch as typeof globalThis.fetch, sent };
}

const client = (fetch: typeof globalThis.fetch, options: object = {}) =>
  new QueuesClient({ accountId: "a", apiToken: "t", fetch, ...options });

/** The most requests of `times` (sorted) in any window of `perMs` (a half-open window `[t, t + perMs)`). */
function busiestWindow(times: number[], perMs: number): number {
  let most = 0;
  for (let first = 0, last = 0; last < times.length; last++) {
    while (times[last]! - times[first]! >= perMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

describe("the default limiter: 1,200 push and batch requests per 5 minutes, per client", () => {
  it("one simulated hour of sustained sends never puts more than 1,200 requests in any 5 minutes", async () => {
    const { fetch, sent } = timedFetch();
    const queues = client(fetch);
    const HOUR = 3_600_000;
    let running = true;
    const pushers = Array.from({ length: 8 }, async (_, i) => {
      const q = queues.queue(`q${i % 3}`); // several queues: the budget is the account's
      while (running) {
        if (i % 2) await q.send({ i });
        else await q.sendBatch([{ body: { i } }, { body: "x", contentType: "text" }]);
      }
    });
    const pulls = Array.from({ length: 1_500 }, () => queues.queue("q0").pull());
    await vi.advanceTimersByTimeAsync(HOUR - 1);
    running = false;
    await vi.runAllTimersAsync();
    await Promise.all([...pushers, ...pulls]);

    const paced = sent.filter((r) => r.op !== "pull").map((r) => r.at);
    expect(busiestWindow(paced, 300_000)).toBe(1_200);
    // It delays, never idles: the whole budget of each window is used (12 windows in the hour, and
    // the loops' last requests, admitted at the hour itself).
    expect(paced.filter((at) => at < HOUR)).toHaveLength(12 * 1_200);
    expect(new Set(sent.filter((r) => r.op !== "pull").map((r) => r.queue)).size).toBe(3);
    // pulls are exempt: all 1,500 went at once
    expect(sent.filter((r) => r.op === "pull").every((r) => r.at === 0)).toBe(true);
  });

  it("without it (rateLimit: false), the same hour's first millisecond sends them all", async () => {
    const { fetch, sent } = timedFetch();
    const q = client(fetch, { rateLimit: false }).queue("q");
    await Promise.all(Array.from({ length: 2_000 }, () => q.send({ a: 1 })));
    expect(sent).toHaveLength(2_000);
    expect(sent.every((r) => r.at === 0)).toBe(true);
  });
});

describe("a client's limiter is shared by its queues, and only by them", () => {
  it("queues of one client draw on one budget; another client has its own", async () => {
    const { fetch, sent } = timedFetch();
    const one = client(fetch, { rateLimit: { requests: 3, perMs: 1_000 } });
    const other = client(fetch, { rateLimit: { requests: 3, perMs: 1_000 } });
    const calls = [
      one.queue("a").send({ n: 1 }),
      one.queue("b").sendBatch([{ body: { n: 2 } }]),
      one.queue("a").send({ n: 3 }),
      one.queue("b").send({ n: 4 }), // the fourth of `one`: waits for the first to leave the window
      other.queue("c").send({ n: 5 }),
    ];
    await vi.advanceTimersByTimeAsync(999);
    expect(sent.map((r) => [r.queue, r.at])).toEqual([
      ["a", 0],
      ["b", 0],
      ["a", 0],
      ["c", 0],
    ]);
    await vi.advanceTimersByTimeAsync(1);
    await Promise.all(calls);
    expect(sent.at(-1)).toEqual({ queue: "b", op: "push", at: 1_000 });
  });

  it("waiting requests go in arrival order, retries included", async () => {
    const { fetch, sent } = timedFetch((_, i) =>
      i === 0 ? failure(429, 971, "slow down", { "retry-after": "0" }) : envelope({}),
    );
    const q = client(fetch, { rateLimit: { requests: 1, perMs: 100 } }).queue("q");
    const calls = [q.send({ n: 0 }), q.send({ n: 1 }), q.send({ n: 2 })];
    await vi.runAllTimersAsync();
    await Promise.all(calls);
    // the 429's retry counts against the budget too, and queues behind the calls already waiting
    expect(sent.map((r) => r.at)).toEqual([0, 100, 200, 300]);
  });

  it("paces the operations it is given, by short name, and leaves the others alone", async () => {
    const { fetch, sent } = timedFetch();
    const q = client(fetch, { rateLimit: { requests: 1, perMs: 1_000, operations: ["pull"] } }).queue("q");
    const calls = [q.pull(), q.pull(), q.send({ a: 1 }), q.send({ a: 2 })];
    await vi.runAllTimersAsync();
    await Promise.all(calls);
    expect(sent.map((r) => [r.op, r.at])).toEqual([
      ["pull", 0],
      ["push", 0],
      ["push", 0],
      ["pull", 1_000],
    ]);
  });
});

describe("it delays, never fails: only the call's own signal or deadline ends a wait", () => {
  it("an aborted wait rejects with AbortError, sends nothing, and takes no one's turn", async () => {
    const { fetch, sent } = timedFetch();
    const q = client(fetch, { rateLimit: { requests: 1, perMs: 1_000 } }).queue("q");
    const controller = new AbortController();
    const first = q.send({ n: 1 });
    const aborted = q.send({ n: 2 }, { signal: controller.signal }).catch((e: unknown) => e);
    const third = q.send({ n: 3 });
    await vi.advanceTimersByTimeAsync(500);
    controller.abort(new Error("user gave up"));
    expect(await aborted).toBeInstanceOf(AbortError);
    expect(((await aborted) as AbortError).cause).toEqual(new Error("user gave up"));
    await vi.runAllTimersAsync();
    await Promise.all([first, third]);
    expect(sent.map((r) => r.at)).toEqual([0, 1_000]);
  });

  it("a wait past the call's deadline ends in a TimeoutError at the deadline, and sends nothing", async () => {
    const { fetch, sent } = timedFetch();
    const q = client(fetch, { rateLimit: { requests: 1, perMs: 10_000 } }).queue("q");
    await q.send({ n: 1 });
    const late = q.send({ n: 2 }, { deadlineMs: 2_000 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const error = (await late) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe(
      "Timeout on queues-push-message: the deadline of 2000 ms passed while waiting for the rate limit (1 requests per 10000 ms)",
    );
    expect(sent).toHaveLength(1);
    // the slot it did not take is still free for the next call, at the end of the window
    const next = q.send({ n: 3 });
    await vi.runAllTimersAsync();
    await next;
    expect(sent.map((r) => r.at)).toEqual([0, 10_000]);
  });
});

describe("a 429 pauses the limiter for every caller of the client", () => {
  it("for the Retry-After time (the emulator's 429 on batch), not just the call that got it", async () => {
    const emulator = createEmulator({
      faults: { rules: [{ op: "batch", fault: "429", retryAfter: 2, first: 1 }] },
    });
    const { fetch, sent } = timedFetch();
    const viaEmulator = (async (input: RequestInfo | URL, init?: RequestInit) => {
      await fetch(input);
      return emulator.fetch(input, init);
    }) as typeof globalThis.fetch;
    const queues = client(viaEmulator);
    const throttled = queues.queue("a").sendBatch([{ body: { n: 1 } }]);
    await vi.advanceTimersByTimeAsync(0); // its 429 has come back
    const others = [queues.queue("b").send({ n: 2 }), queues.queue("c").sendBatch([{ body: { n: 3 } }])];
    const pull = queues.queue("b").pull(); // not paced: not paused
    const otherClient = client(viaEmulator).queue("d").send({ n: 4 }); // its own limiter
    await vi.advanceTimersByTimeAsync(1_999);
    expect(sent.map((r) => [r.queue, r.op, r.at])).toEqual([
      ["a", "batch", 0],
      ["b", "pull", 0],
      ["d", "push", 0],
    ]);
    await vi.advanceTimersByTimeAsync(1);
    await Promise.all([throttled, ...others, pull, otherClient]);
    // after the pause: the retry (waiting since the 429) and then the others, in arrival order
    expect(sent.slice(3).map((r) => [r.queue, r.at])).toEqual([
      ["b", 2_000],
      ["c", 2_000],
      ["a", 2_000],
    ]);
    expect(emulator.metrics("a")!.backlog_count).toBe(1);
  });

  it("a permanent 429 (10253, the free quota used up) pauses nothing", async () => {
    const { fetch, sent } = timedFetch((_, i) =>
      i === 0 ? failure(429, 10253, "quota used up", { "retry-after": "60" }) : envelope({}),
    );
    const queues = client(fetch);
    await expect(queues.queue("a").send({ n: 1 })).rejects.toMatchObject({ status: 429, code: 10253 });
    await queues.queue("b").send({ n: 2 });
    expect(sent.map((r) => r.at)).toEqual([0, 0]);
  });
});

describe("rateLimit is checked like every option", () => {
  const make = (rateLimit: unknown) => () =>
    new QueuesClient({ accountId: "a", apiToken: "t", rateLimit } as never);

  it.each([
    [
      true,
      "rateLimit must be an object { requests?, perMs?, operations? } (or false, to turn the limiter off); got true",
    ],
    [{ requests: 0 }, "rateLimit.requests must be an integer of at least 1; got 0"],
    [{ perMs: 1.5 }, "rateLimit.perMs must be an integer of at least 1; got 1.5"],
    [{ operations: "push" }, 'rateLimit.operations must be an array of operation short names; got "push"'],
    [
      { operations: ["push", "send"] },
      'rateLimit.operations[1] must be one of push, batch, pull, ack, peek, purge, extend; got "send"',
    ],
    [
      { request: 10 },
      '"request" is not an option of rateLimit: did you mean "requests"? (known: requests, perMs, operations)',
    ],
  ])("%j", (value, message) => {
    expect(make(value)).toThrow(QueuesValidationError);
    expect(make(value)).toThrow(message);
  });
});
