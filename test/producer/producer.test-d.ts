import { describe, expectTypeOf, it } from "vitest";
import { QueuesClient, type MessageSendRequest } from "../../src/index.js";
import {
  Producer,
  type ProducerStats,
  type SendFailure,
  type SendManyResult,
  type SendReceipt,
} from "../../src/producer/index.js";

const q = new QueuesClient({ accountId: "a", apiToken: "t" }).queue("q");

describe("producer types", () => {
  it("importing cfq/producer gives every Queue a producer()", () => {
    expectTypeOf(q.producer()).toEqualTypeOf<Producer>();
    expectTypeOf(
      q.producer({ concurrency: 1, lingerMs: 0, retryPushes: "always" }),
    ).toEqualTypeOf<Producer>();
    // @ts-expect-error an unknown option
    void q.producer({ linger: 5 });
  });

  it("send takes what Queue.send takes, without the per-call request options", () => {
    const producer = q.producer();
    expectTypeOf(producer.send({ order: 42 })).toEqualTypeOf<Promise<SendReceipt>>();
    expectTypeOf(producer.send("plain", { contentType: "text", delaySeconds: 30 })).toEqualTypeOf<
      Promise<SendReceipt>
    >();
    // @ts-expect-error a string body needs contentType: "text"
    void producer.send("plain");
    // @ts-expect-error a batch request's signal has no meaning for one message
    void producer.send({ a: 1 }, { signal: new AbortController().signal });
  });

  it("sendMany takes any iterable or async iterable, and resolves to one result per message", () => {
    const producer = q.producer();
    async function* lines(): AsyncGenerator<MessageSendRequest> {
      yield { body: "a line", contentType: "text" };
    }
    expectTypeOf(producer.sendMany(lines())).toEqualTypeOf<Promise<SendManyResult[]>>();
    expectTypeOf(producer.sendMany(new Set([{ body: { n: 1 } }]))).toEqualTypeOf<Promise<SendManyResult[]>>();
    const result = {} as SendManyResult;
    if (!result.ok) expectTypeOf(result).toEqualTypeOf<SendFailure>();
    if (!result.ok) expectTypeOf(result.error).toEqualTypeOf<Error>();
  });

  it("flush, close, stats and async disposal", () => {
    const producer = q.producer();
    expectTypeOf(producer.flush()).toEqualTypeOf<Promise<void>>();
    expectTypeOf(producer.close()).toEqualTypeOf<Promise<void>>();
    expectTypeOf(producer.stats()).toEqualTypeOf<ProducerStats>();
    expectTypeOf(producer[Symbol.asyncDispose]()).toEqualTypeOf<Promise<void>>();
  });
});
