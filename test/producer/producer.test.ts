// The producer against the emulator: packing at the API's exact edges, linger and flush,
// backpressure, order, per-message outcomes under injected faults, retries, close().
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  CloudflareApiError,
  NetworkError,
  QueuesError,
  QueuesValidationError,
  type RetryInfo,
} from "../../src/index.js";
import type { Producer, SendManyResult } from "../../src/producer/index.js";
import { TRANSPORTS } from "../helpers/emulator.js";
import { drain, producerHarness, until, type ProducerHarness } from "./harness.js";

let h: ProducerHarness | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await h?.close();
  h = undefined;
});

const text = (bytes: number) => "x".repeat(bytes);
const batchSizes = () => h!.batches.map((b) => b.bodies.length);

describe.each(TRANSPORTS)("packing (%s)", (kind) => {
  it("by count: 250 messages given in one tick go as 3 requests of 100, 100 and 50", async () => {
    h = await producerHarness(kind);
    const producer = h.client.queue("q").producer();
    const receipts = await Promise.all(Array.from({ length: 250 }, (_, n) => producer.send({ n })));
    expect(batchSizes()).toEqual([100, 100, 50]);
    expect(receipts.map((r) => r.batchSize)).toEqual([
      ...Array<number>(200).fill(100),
      ...Array<number>(50).fill(50),
    ]);
    expect(receipts[0]!.metrics?.backlogCount).toBeGreaterThanOrEqual(100);
    expect(await drain(h, "q")).toEqual(Array.from({ length: 250 }, (_, n) => ({ n })));
  });

  it("by bytes, as sendBatch counts them: 256,000 bytes of bodies are one request, one byte more is two", async () => {
    h = await producerHarness(kind);
    const producer = h.client.queue("q").producer();
    const sendAll = (bodies: string[]) =>
      Promise.all(bodies.map((body) => producer.send(body, { contentType: "text" })));

    await sendAll([text(100_000), text(100_000), text(56_000)]);
    expect(h.batches.map((b) => b.bytes)).toEqual([256_000]);

    await sendAll([text(100_000), text(100_000), text(56_001)]); // the third goes in a batch of its own
    expect(h.batches.slice(1).map((b) => [b.bodies.length, b.bytes])).toEqual([
      [2, 200_000],
      [1, 56_001],
    ]);

    // UTF-8 bytes, not characters: "é" is 2 bytes; a JSON body counts its JSON text ({"p":"…"} is 8 + n)
    const accented = "é".repeat(64_000); // 128,000 bytes
    await sendAll([accented, accented]);
    await Promise.all([
      producer.send({ p: text(127_992) }),
      producer.send({ p: text(127_990) }),
      producer.send({}),
    ]);
    await Promise.all([
      producer.send({ p: text(127_992) }),
      producer.send({ p: text(127_991) }),
      producer.send({}),
    ]);
    expect(h.batches.slice(3).map((b) => [b.bodies.length, b.bytes])).toEqual([
      [2, 256_000],
      [3, 256_000],
      [2, 255_999],
      [1, 2],
    ]);
    // every batch the producer made is one the API accepts: all of them are in the queue
    expect(h.emulator.metrics("q")!.backlog_count).toBe(14);
  });

  it("a 128,001-byte message is refused alone before sending, with send's own error; its tick's others go", async () => {
    h = await producerHarness(kind);
    const q = h.client.queue("q");
    const producer = q.producer();
    const outcomes = await Promise.allSettled([
      producer.send({ n: 1 }),
      producer.send(text(128_001), { contentType: "text" }),
      producer.send({ n: 2 }),
    ]);
    const direct = await q.send(text(128_001), { contentType: "text" }).catch((e: unknown) => e);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const refused = (outcomes[1] as PromiseRejectedResult).reason as QueuesValidationError;
    expect(refused).toBeInstanceOf(QueuesValidationError);
    expect(refused.message).toBe((direct as Error).message);
    expect(refused.message).toBe("message.body must be at most 128000 bytes of UTF-8; got 128001 bytes");
    expect(batchSizes()).toEqual([2]);
    expect(producer.stats()).toMatchObject({ sent: 2, refused: 1, failed: 0, requests: 1 });
  });
});

describe("what send() takes is checked at once, like Queue.send", () => {
  it.each([
    [
      ["plain"],
      'message.body must be a plain JSON object when contentType is "json" (the default); got "plain" (for a string body, pass contentType: "text")',
    ],
    [[{ a: 1 }, { contentType: "xml" }], 'message.contentType must be "json" or "text"; got "xml"'],
    [
      [{ a: 1 }, { delaySeconds: 86_401 }],
      "message.delaySeconds must be an integer from 0 to 86400; got 86401",
    ],
    [
      [{ a: 1 }, { delay: 3 }],
      '"delay" is not an option of producer.send: did you mean "delaySeconds"? (known: contentType, delaySeconds)',
    ],
    [
      [{ a: 1 }, { signal: AbortSignal.timeout(1) }],
      '"signal" is not an option of producer.send (known: contentType, delaySeconds)',
    ],
  ])("%j", async (args, message) => {
    h = await producerHarness();
    const producer = h.client.queue("q").producer();
    const send = producer.send as (...args: unknown[]) => Promise<unknown>;
    const refused = send.apply(producer, args);
    await expect(refused).rejects.toThrow(QueuesValidationError);
    await expect(refused).rejects.toThrow(message);
    await producer.close();
    expect(h.batches).toEqual([]);
  });
});

describe("linger and flush", () => {
  it("a batch that is not full waits lingerMs (default 5) for more, then goes", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    h = await producerHarness();
    const producer = h.client.queue("q").producer();
    const first = producer.send({ n: 1 });
    await vi.advanceTimersByTimeAsync(4);
    const second = producer.send({ n: 2 }); // joins the lingering batch
    expect(h.batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await Promise.all([first, second]);
    expect(batchSizes()).toEqual([2]);
  });

  it("lingerMs: 0 still gathers everything given in the same tick, microtasks included", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    h = await producerHarness();
    const producer = h.client.queue("q").producer({ lingerMs: 0 });
    const sends = [producer.send({ n: 1 }), producer.send({ n: 2 })];
    await Promise.resolve();
    sends.push(producer.send({ n: 3 }));
    await vi.advanceTimersByTimeAsync(0);
    sends.push(producer.send({ n: 4 })); // a later tick: the next batch
    await vi.advanceTimersByTimeAsync(0);
    await Promise.all(sends);
    expect(batchSizes()).toEqual([3, 1]);
  });

  it("flush() sends the buffer at once and resolves when all given before it have settled", async () => {
    h = await producerHarness();
    const producer = h.client.queue("q").producer({ lingerMs: 60_000 });
    const settled: number[] = [];
    const sends = [1, 2, 3].map((n) => producer.send({ n }).then(() => settled.push(n)));
    const flushed = producer.flush();
    const later = producer.send({ n: 4 }); // given after the flush: not waited for
    await flushed;
    expect(settled.sort()).toEqual([1, 2, 3]);
    expect(batchSizes()).toEqual([3]);
    expect(producer.stats()).toMatchObject({ sent: 3, buffered: 1, inFlight: 0 });
    await producer.flush();
    await Promise.all([...sends, later]);
    expect(batchSizes()).toEqual([3, 1]);
    expect(await producer.flush()).toBeUndefined(); // nothing held: at once
  });
});

describe("backpressure", () => {
  it("holds at most maxOutstandingMessages in the buffer and in flight; send() waits for room", async () => {
    h = await producerHarness();
    h.hold();
    const producer = h.client.queue("q").producer({ maxOutstandingMessages: 150, concurrency: 1 });
    const done: number[] = [];
    const sends = Array.from({ length: 400 }, (_, n) => producer.send({ n }).then(() => done.push(n)));
    await until(() => h!.held() === 1, "the first batch in flight");
    expect(producer.stats()).toMatchObject({ inFlight: 100, buffered: 50, waiting: 250 });
    for (let released = 1; h.held() > 0 || done.length < 400;) {
      const { inFlight, buffered } = producer.stats();
      expect(inFlight + buffered).toBeLessThanOrEqual(150);
      if (h.held() > 0) {
        h.release(1);
        released++;
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(released).toBeLessThan(100);
    }
    await Promise.all(sends);
    expect(done).toEqual(Array.from({ length: 400 }, (_, n) => n)); // settled in order
    expect(batchSizes()).toEqual([100, 100, 100, 100]);
  });

  it("maxOutstandingBytes bounds the bytes the same way", async () => {
    h = await producerHarness();
    h.hold();
    const producer = h.client.queue("q").producer({ maxOutstandingBytes: 300_000, concurrency: 1 });
    const sends = Array.from({ length: 5 }, () => producer.send(text(100_000), { contentType: "text" }));
    await until(() => h!.held() === 1, "the first batch in flight");
    expect(producer.stats()).toMatchObject({ inFlight: 2, buffered: 1, waiting: 2 });
    h.release();
    await Promise.all(sends);
    expect(batchSizes()).toEqual([2, 2, 1]);
  });

  it("sendMany reads its iterable only as fast as there is room", async () => {
    h = await producerHarness();
    h.hold();
    const producer = h.client.queue("q").producer({ maxOutstandingMessages: 150, concurrency: 1 });
    let read = 0;
    function* messages() {
      for (let n = 0; n < 10_000; n++) {
        read++;
        yield { body: { n } };
      }
    }
    const results = producer.sendMany(messages());
    await until(() => h!.held() === 1, "the first batch in flight");
    expect(read).toBe(151); // 150 held, and the one that waits for room
    h.release();
    expect(await results).toHaveLength(10_000);
    expect(h.emulator.metrics("q")!.backlog_count).toBe(10_000);
    expect(batchSizes().every((size) => size === 100)).toBe(true);
  });
});

describe("order and concurrency", () => {
  it("with concurrency: 1, one batch at a time, in the order given", async () => {
    h = await producerHarness();
    const producer = h.client.queue("q").producer({ concurrency: 1 });
    const bodies = Array.from({ length: 1_000 }, (_, n) => ({ n, pad: text((n * 7919) % 4_000) }));
    const sends = bodies.map((body) => producer.send(body));
    await Promise.all(sends);
    expect(h.inFlight.most).toBe(1);
    expect(await drain(h, "q")).toEqual(bodies);
  });

  it("by default, up to 4 batches in flight at once", async () => {
    h = await producerHarness();
    h.hold();
    const producer = h.client.queue("q").producer();
    const results = producer.sendMany(Array.from({ length: 1_000 }, (_, n) => ({ body: { n } })));
    await until(() => h!.held() === 4, "four batches in flight");
    expect(producer.stats()).toMatchObject({ inFlight: 400, buffered: 600 });
    h.release();
    await results;
    expect(h.inFlight.most).toBe(4);
  });
});

describe("per-message outcomes", () => {
  /** Which messages the queue really holds, by their `n`. */
  const inQueue = async (queue: string) =>
    new Set((await drain(h!, queue)).map((body) => (body as { n: number }).n));

  it("sendMany: when some batches among several fail, exactly their messages fail; a bad message fails alone", async () => {
    h = await producerHarness("in-process", {
      faults: { seed: 3, rules: [{ op: "batch", fault: "500", rate: 0.4 }] },
    });
    const producer = h.client.queue("q").producer({ concurrency: 2 });
    async function* messages() {
      for (let n = 0; n < 1_000; n++) yield n === 3 ? { body: { n }, delaySeconds: -1 } : { body: { n } };
    }
    const results = await producer.sendMany(messages());
    expect(results).toHaveLength(1_000);
    expect(results[3]).toMatchObject({
      ok: false,
      error: { name: "QueuesValidationError", field: "messages[3].delaySeconds" },
    });

    const held = await inQueue("q");
    const failed = results.flatMap((r, n) => (r.ok || n === 3 ? [] : [n]));
    expect(failed.length).toBeGreaterThan(0);
    expect(held.size).toBeGreaterThan(0);
    results.forEach((r, n) => expect(r.ok, `message ${n}`).toBe(held.has(n)));
    // one error per failed batch, shared by its messages; the failed messages are whole batches
    const errors = new Set(failed.map((n) => (results[n] as { error: Error }).error));
    expect([...errors].every((e) => e instanceof CloudflareApiError && e.status === 500)).toBe(true);
    expect(errors.size * 100).toBeGreaterThanOrEqual(failed.length);
    expect(producer.stats()).toMatchObject({ sent: held.size, failed: failed.length, refused: 1 });
    expect(producer.stats().batches).toBe(h.batches.length);
  });

  it("send: each message resolves or rejects with its own batch's outcome", async () => {
    h = await producerHarness("in-process", { faults: { rules: [{ op: "batch", fault: "500", first: 1 }] } });
    const producer = h.client.queue("q").producer({ concurrency: 1 });
    const outcomes = await Promise.allSettled(Array.from({ length: 250 }, (_, n) => producer.send({ n })));
    expect(outcomes.map((o) => o.status)).toEqual([
      ...Array<string>(100).fill("rejected"),
      ...Array<string>(150).fill("fulfilled"),
    ]);
    expect((outcomes[0] as PromiseRejectedResult).reason).toMatchObject({ status: 500 });
    expect(await inQueue("q")).toEqual(new Set(Array.from({ length: 150 }, (_, i) => 100 + i)));
  });
});

describe("retries follow retryPushes (the client's, or the producer's own)", () => {
  it('"safe" (the default) does not retry a batch that may have been applied: no duplicate', async () => {
    h = await producerHarness("in-process", {
      faults: { rules: [{ op: "batch", fault: "drop-after", first: 1 }] },
    });
    const producer = h.client.queue("q").producer({ concurrency: 1 });
    const results = await producer.sendMany(Array.from({ length: 150 }, (_, n) => ({ body: { n } })));
    // the first batch's answer was lost after it was applied: reported failed, not sent again
    expect(results.slice(0, 100).every((r) => !r.ok && r.error instanceof NetworkError)).toBe(true);
    expect(results.slice(100).every((r) => r.ok)).toBe(true);
    expect((await drain(h, "q")).length).toBe(150);
    expect(producer.stats()).toMatchObject({ batches: 2, requests: 2 });
  });

  it('"always", asked for, retries it: every message ok, the lost batch twice in the queue', async () => {
    h = await producerHarness("in-process", {
      faults: { rules: [{ op: "batch", fault: "drop-after", first: 1 }] },
    });
    const retries: RetryInfo[] = [];
    const producer = h.client
      .queue("q")
      .producer({ concurrency: 1, retryPushes: "always", onRetry: (info) => retries.push(info) });
    const results = await producer.sendMany(Array.from({ length: 150 }, (_, n) => ({ body: { n } })));
    expect(results.every((r) => r.ok)).toBe(true);
    expect((await drain(h, "q")).length).toBe(250);
    expect(retries.map((r) => [r.operation, r.attempt])).toEqual([["queues-push-messages", 1]]);
    expect(producer.stats()).toMatchObject({ sent: 150, batches: 2, requests: 3 });
  });

  it("a 429 (refused, so not applied) is retried under the default, and counted as a request", async () => {
    h = await producerHarness("in-process", {
      faults: { rules: [{ op: "batch", fault: "429", retryAfter: 0, first: 1 }] },
    });
    const producer = h.client.queue("q").producer();
    const results = await producer.sendMany(Array.from({ length: 10 }, (_, n) => ({ body: { n } })));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(producer.stats()).toMatchObject({
      sent: 10,
      batches: 1,
      requests: 2,
      bytes: 10 * '{"n":0}'.length,
    });
  });
});

describe("close()", () => {
  it("sends what is buffered, waits for what is in flight, then refuses new messages", async () => {
    h = await producerHarness();
    h.hold();
    const producer = h.client.queue("q").producer({ lingerMs: 60_000 });
    const first = producer.sendMany(Array.from({ length: 150 }, (_, n) => ({ body: { n } })));
    const last = producer.send({ n: 150 });
    let closed = false;
    const closing = producer.close().then(() => (closed = true));
    expect(producer.close()).toBe(producer.close()); // the same promise, however often
    // the end of sendMany's input sends its last batch at once; `last` lingers until close() hurries it
    await until(() => h!.held() === 3, "three batches in flight");
    expect(closed).toBe(false);
    h.release();
    await closing;
    expect(await first).toHaveLength(150);
    expect(await last).toMatchObject({ batchSize: 1 });
    expect(h.emulator.metrics("q")!.backlog_count).toBe(151);

    const message = "producer.send: the producer is closed (close() was called); make a new one";
    await expect(producer.send({ n: 0 })).rejects.toThrow(message);
    await expect(producer.send({ n: 0 })).rejects.toBeInstanceOf(QueuesError);
    await expect(producer.sendMany([])).rejects.toThrow("producer.sendMany: the producer is closed");
    expect(producer.stats()).toMatchObject({ sent: 151, buffered: 0, inFlight: 0, waiting: 0, refused: 0 });
  });

  it("lets a sendMany already running read its iterable to the end", async () => {
    h = await producerHarness();
    const producer = h.client.queue("q").producer();
    async function* slow() {
      for (let n = 0; n < 300; n++) {
        if (n % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
        yield { body: { n } };
      }
    }
    const results = producer.sendMany(slow());
    await producer.close();
    expect((await results).every((r: SendManyResult) => r.ok)).toBe(true);
    expect(h.emulator.metrics("q")!.backlog_count).toBe(300);
  });

  it("`await using` closes it at the end of the scope", async () => {
    h = await producerHarness();
    let outer: Producer;
    {
      await using producer = h.client.queue("q").producer({ lingerMs: 60_000 });
      outer = producer;
      void producer.send({ n: 1 });
    }
    expect(h.emulator.metrics("q")!.backlog_count).toBe(1);
    await expect(outer.send({ n: 2 })).rejects.toThrow("the producer is closed");
  });
});

describe("sendMany's argument", () => {
  it.each([
    ["a string", "abc"],
    ["a number", 42],
    ["null", null],
    ["an object", { body: {} }],
  ])("refuses %s, sending nothing", async (_, value) => {
    h = await producerHarness();
    const producer = h.client.queue("q").producer();
    const refused = producer.sendMany(value as never);
    await expect(refused).rejects.toThrow(QueuesValidationError);
    await expect(refused).rejects.toThrow(
      "messages must be an iterable or async iterable of messages { body, contentType?, delaySeconds? }",
    );
  });

  it("an iterable that throws: the messages read before settle, then sendMany rejects with its error", async () => {
    h = await producerHarness();
    const producer = h.client.queue("q").producer();
    function* broken() {
      yield { body: { n: 1 } };
      yield { body: { n: 2 } };
      throw new Error("disk gone");
    }
    await expect(producer.sendMany(broken())).rejects.toThrow("disk gone");
    expect(producer.stats()).toMatchObject({ sent: 2, buffered: 0, inFlight: 0 });
  });
});

describe("a producer's options are checked like the client's", () => {
  it.each([
    [{ linger: 5 }, '"linger" is not an option of producer: did you mean "lingerMs"?'],
    [{ signal: AbortSignal.timeout(1) }, '"signal" is not an option of producer'],
    [{ concurrency: 0 }, "concurrency must be an integer of at least 1; got 0"],
    [{ lingerMs: -1 }, "lingerMs must be an integer from 0 to 2147483647; got -1"],
    [{ maxOutstandingMessages: 1.5 }, "maxOutstandingMessages must be an integer of at least 1; got 1.5"],
    [
      { maxOutstandingBytes: 127_999 },
      "maxOutstandingBytes must be an integer of at least 128000; got 127999",
    ],
    [{ retryPushes: "sometimes" }, 'retryPushes must be one of "always", "safe", "never"; got "sometimes"'],
    ["fast", 'options must be an object of options; got "fast"'],
  ])("%j", async (options, message) => {
    h = await producerHarness();
    const q = h.client.queue("q");
    expect(() => q.producer(options as never)).toThrow(QueuesValidationError);
    expect(() => q.producer(options as never)).toThrow(message);
  });
});

describe("the client's rate limiter paces producers too", () => {
  it("a producer and the client's other queues draw on one budget", async () => {
    vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"], now: 0 });
    h = await producerHarness("in-process", {}, { rateLimit: { requests: 2, perMs: 1_000 } });
    const sentAt: number[] = [];
    const producer = h.client.queue("a").producer();
    const produced = producer.sendMany(Array.from({ length: 200 }, (_, n) => ({ body: { n } })));
    const direct = h.client
      .queue("b")
      .send({ n: 200 })
      .then(() => sentAt.push(Date.now()));
    await vi.advanceTimersByTimeAsync(999);
    expect(batchSizes()).toEqual([100, 100]);
    expect(sentAt).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await Promise.all([produced, direct]);
    expect(sentAt).toEqual([1_000]);
  });
});
