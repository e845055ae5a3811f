// bindingProducer: q.producer()'s interface and packing over a Workers Queue binding (a recording
// stand-in here; a real binding in workerd.test.ts). The same calls, given to a producer over HTTP
// (against the emulator) and to one over a binding, make the same batches with the same messages.
import { afterEach, describe, expect, it } from "vitest";
import { QueuesValidationError } from "../../src/index.js";
import type { MessageSendRequest } from "../../src/index.js";
import type { Producer } from "../../src/producer/index.js";
import { bindingProducer } from "../../src/workers/index.js";
import { producerHarness, type ProducerHarness } from "../producer/harness.js";
import { recordingBinding } from "./runtime-fakes.js";

let h: ProducerHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const text = (bytes: number) => "x".repeat(bytes);

/** The same calls on a producer: sends in one tick, a sendBatch, a sendMany with one refused item. */
async function workload(producer: Producer) {
  const sends = Promise.all(Array.from({ length: 150 }, (_, n) => producer.send({ n })));
  const batch = producer.sendBatch(
    [{ body: "é".repeat(60_000), contentType: "text" }, { body: { n: "b" } }],
    {
      delaySeconds: 0,
    },
  );
  const many = producer.sendMany([
    { body: text(127_000), contentType: "text" },
    { body: "not json" } as unknown as MessageSendRequest,
    { body: text(9_000), contentType: "text" },
    { body: { n: "last" }, delaySeconds: 5 },
  ]);
  const [receipts, batchReceipt, results] = await Promise.all([sends, batch, many]);
  await producer.close();
  return {
    batchSizes: receipts.map((r) => r.batchSize),
    batchReceipt: batchReceipt.batchSize,
    results: results.map((r) => (r.ok ? "ok" : (r.error as Error).message)),
    stats: producer.stats(),
  };
}

describe("one producer interface, two transports", () => {
  it("the same calls make the same batches, results and stats over HTTP and over a binding", async () => {
    h = await producerHarness();
    const overHttp = await workload(h.client.queue("q").producer());
    const { binding, batches } = recordingBinding();
    const overBinding = await workload(bindingProducer(binding));

    expect(overBinding).toEqual(overHttp);
    // packed by count (100) and by bytes (256,000, UTF-8 of the text or of the JSON), as sendBatch counts them
    const bodies = batches.map((batch) => batch.map((m) => m.body));
    expect(bodies).toEqual(h.batches.map((batch) => batch.bodies));
    // 100 sends; 50 sends (450 B), the sendBatch (120,009 B) and 127,000 B; then 9,000 B would pass 256,000
    expect(batches.map((batch) => batch.length)).toEqual([100, 53, 2]);
    expect(overBinding.stats).toMatchObject({ sent: 155, refused: 1, failed: 0, batches: 3, requests: 3 });
    expect(overBinding.results).toEqual([
      "ok",
      'messages[1].body must be a plain JSON object when contentType is "json" (the default); got "not json" (for a string body, pass contentType: "text")',
      "ok",
      "ok",
    ]);
  });

  it("each message goes to the binding with its content type and delay, as the binding names them", async () => {
    const { binding, batches } = recordingBinding();
    const producer = bindingProducer(binding);
    await producer.sendBatch([{ body: { a: 1 } }, { body: "hi", contentType: "text", delaySeconds: 0 }], {
      delaySeconds: 30,
    });
    await producer.send({ b: 2 });
    await producer.close();
    expect(batches).toEqual([
      [
        { body: { a: 1 }, contentType: "json", delaySeconds: 30 },
        { body: "hi", contentType: "text", delaySeconds: 0 },
      ],
      [{ body: { b: 2 }, contentType: "json" }],
    ]);
  });

  it("the binding's metrics become the receipt's; a binding that answers none gives undefined", async () => {
    const withMetrics = bindingProducer(recordingBinding().binding);
    const receipt = await withMetrics.send({ a: 1 });
    expect(receipt).toEqual({
      metrics: { backlogCount: 1, backlogBytes: 0, oldestMessageTimestamp: null },
      batchSize: 1,
    });
    const without = bindingProducer(recordingBinding({ metrics: false }).binding);
    expect(await without.send({ a: 1 })).toEqual({ metrics: undefined, batchSize: 1 });
  });

  it("a binding that throws fails its batch's messages only, with its error", async () => {
    const failure = new Error("Queue send failed: queue is full");
    const { binding, batches } = recordingBinding({ fail: (call) => (call === 0 ? failure : undefined) });
    const producer = bindingProducer(binding, { lingerMs: 0 });
    const results = await producer.sendMany(Array.from({ length: 101 }, (_, n) => ({ body: { n } })));
    expect(batches.map((b) => b.length)).toEqual([100, 1]);
    expect(results.filter((r) => !r.ok)).toHaveLength(100);
    expect(results[0]).toEqual({ ok: false, error: failure });
    expect(results[100]).toEqual({ ok: true });
    expect(producer.stats()).toMatchObject({ sent: 1, failed: 100, batches: 2, requests: 2 });
  });

  it("a sendBatch is refused whole, as Queue.sendBatch refuses it, and then nothing is sent", async () => {
    const { binding, batches } = recordingBinding();
    const producer = bindingProducer(binding);
    const refusals = await Promise.all([
      producer.sendBatch([]).catch((e: unknown) => e),
      producer.sendBatch(Array.from({ length: 101 }, () => ({ body: {} }))).catch((e: unknown) => e),
      producer
        .sendBatch([
          { body: text(128_000), contentType: "text" },
          { body: text(128_000), contentType: "text" },
          { body: "x", contentType: "text" },
        ])
        .catch((e: unknown) => e),
      producer.sendBatch([{ body: {} }, { body: 3 } as never]).catch((e: unknown) => e),
      producer.sendBatch([{ body: {} }], { delay: 3 } as never).catch((e: unknown) => e),
    ]);
    for (const refusal of refusals) expect(refusal).toBeInstanceOf(QueuesValidationError);
    expect(refusals.map((r) => (r as Error).message)).toEqual([
      "messages must be 1 to 100 messages; got 0 messages",
      "messages must be 1 to 100 messages; got 101 messages",
      "messages must be at most 256000 bytes of bodies in all; got 256001 bytes",
      'messages[1].body must be a plain JSON object when contentType is "json" (the default); got 3',
      '"delay" is not an option of producer.sendBatch: did you mean "delaySeconds"? (known: delaySeconds)',
    ]);
    await producer.close();
    expect(batches).toEqual([]);
    expect(producer.stats().refused).toBe(0 + 101 + 3 + 2 + 1);
  });

  it("a sendBatch goes in one request: the open batch is sent first when the two would not fit", async () => {
    const { binding, batches } = recordingBinding();
    const producer = bindingProducer(binding);
    const sends = Array.from({ length: 60 }, (_, n) => producer.send({ n }));
    await producer.sendBatch(Array.from({ length: 50 }, (_, n) => ({ body: { b: n } })));
    await Promise.all(sends);
    await producer.close();
    expect(batches.map((b) => b.length)).toEqual([60, 50]);
  });

  it.each([
    [undefined, /^binding must be a Workers Queue binding \(env.MY_QUEUE\); got undefined$/],
    [{ send() {} }, /^binding must be a Workers Queue binding \(env.MY_QUEUE\); got an object/],
  ])("what is not a binding is refused: %j", (binding, message) => {
    expect(() => bindingProducer(binding as never)).toThrow(message);
  });

  it("its options are q.producer()'s, checked the same way; HTTP's own are not among them", () => {
    const { binding } = recordingBinding();
    expect(() => bindingProducer(binding, { concurrency: 0 })).toThrow(
      /^concurrency must be an integer of at least 1; got 0$/,
    );
    expect(() => bindingProducer(binding, { timeoutMs: 5 } as never)).toThrow(
      /^"timeoutMs" is not an option of bindingProducer \(known: concurrency, lingerMs, maxOutstandingMessages, maxOutstandingBytes\)$/,
    );
  });
});
