import { describe, expectTypeOf, it } from "vitest";
import {
  QueuesClient,
  type AckResult,
  type Message,
  type PullResult,
  type QueueMetrics,
  type SendResult,
} from "../../src/index.js";

const queues = new QueuesClient({ accountId: "a", apiToken: "t" });
const q = queues.queue("q");

describe("facade types", () => {
  it("send takes a JSON object, or a string with contentType text", () => {
    expectTypeOf(q.send({ hello: "world" })).toEqualTypeOf<Promise<SendResult>>();
    expectTypeOf(q.send({ a: 1 }, { contentType: "json", delaySeconds: 3 })).toEqualTypeOf<
      Promise<SendResult>
    >();
    expectTypeOf(q.send("plain", { contentType: "text", delaySeconds: 10 })).toEqualTypeOf<
      Promise<SendResult>
    >();
    // @ts-expect-error a string body needs contentType: "text"
    void q.send("plain");
    // @ts-expect-error a string body with contentType json
    void q.send("plain", { contentType: "json" });
    // @ts-expect-error a text message with an object body
    void q.send({ a: 1 }, { contentType: "text" });
    // @ts-expect-error an unknown content type
    void q.send({ a: 1 }, { contentType: "xml" });
    // @ts-expect-error arrays are not JSON objects
    void q.send([1, 2]);
    // @ts-expect-error numbers are not JSON objects
    void q.send(42);
  });

  it("sendBatch items follow the same union", () => {
    expectTypeOf(
      q.sendBatch([{ body: { n: 1 } }, { body: "x", contentType: "text", delaySeconds: 5 }], {
        delaySeconds: 2,
      }),
    ).toEqualTypeOf<Promise<SendResult>>();
    // @ts-expect-error a text item with an object body
    void q.sendBatch([{ body: { n: 1 }, contentType: "text" }]);
    // @ts-expect-error a string body without contentType text
    void q.sendBatch([{ body: "x" }]);
  });

  it("pull resolves to messages with the Workers Message names", async () => {
    const result = await q.pull<{ n: number }>({ batchSize: 10, visibilityTimeoutMs: 60_000 });
    expectTypeOf(result).toEqualTypeOf<PullResult<{ n: number }>>();
    expectTypeOf(result.messages).toEqualTypeOf<Message<{ n: number }>[]>();
    expectTypeOf(result.backlogCount).toEqualTypeOf<number>();
    expectTypeOf(result.metrics).toEqualTypeOf<QueueMetrics | undefined>();
    const message = result.messages[0]!;
    expectTypeOf(message.body).toEqualTypeOf<{ n: number }>();
    expectTypeOf(message.attempts).toEqualTypeOf<number>();
    expectTypeOf(message.timestamp).toEqualTypeOf<Date>();
    expectTypeOf(message.leaseId).toEqualTypeOf<string>();
    expectTypeOf<QueueMetrics["oldestMessageTimestamp"]>().toEqualTypeOf<Date | null>();
    // @ts-expect-error batchSize is a number
    void q.pull({ batchSize: "10" });
  });

  it("ack takes lease ids (or messages) and per-call options as a second argument", () => {
    expectTypeOf(q.ack({ acks: ["L"], retries: [{ leaseId: "M", delaySeconds: 30 }] })).toEqualTypeOf<
      Promise<AckResult>
    >();
    expectTypeOf(q.ack({ acks: ["L"] }, { signal: AbortSignal.timeout(1000) })).toEqualTypeOf<
      Promise<AckResult>
    >();
    // @ts-expect-error a retry needs its leaseId
    void q.ack({ retries: [{ delaySeconds: 30 }] });
    // @ts-expect-error wire names are not facade names
    void q.ack({ acks: [{ lease_id: "L" }] });
  });

  it("constructor options accept exactly one credential scheme", () => {
    new QueuesClient({ accountId: "a", apiEmail: "e", apiKey: "k" });
    // @ts-expect-error both schemes
    new QueuesClient({ accountId: "a", apiToken: "t", apiEmail: "e", apiKey: "k" });
    // @ts-expect-error email without key
    new QueuesClient({ accountId: "a", apiEmail: "e" });
    // @ts-expect-error no credentials
    new QueuesClient({ accountId: "a" });
  });
});

describe("generated operation types (queues.raw)", () => {
  const path = { account_id: "a", queue_id: "q" };
  it("keeps wire names and the spec's constraints", () => {
    void queues.raw.queuesPushMessage({ params: { path }, body: { body: "x", content_type: "text" } });
    void queues.raw.queuesPushMessage({ params: { path }, body: { body: { a: 1 } } });
    // @ts-expect-error a text message with an object body
    void queues.raw.queuesPushMessage({ params: { path }, body: { body: { a: 1 }, content_type: "text" } });
    // @ts-expect-error a wrong content_type
    void queues.raw.queuesPushMessage({ params: { path }, body: { body: "x", content_type: "xml" } });
    // @ts-expect-error body is required
    void queues.raw.queuesPushMessage({ params: { path }, body: { content_type: "text" } });
    // @ts-expect-error lease_id is required in a retry
    void queues.raw.queuesAckMessages({ params: { path }, body: { retries: [{ delay_seconds: 1 }] } });
    // @ts-expect-error the path parameters are required
    void queues.raw.queuesPullMessages({ body: {} });
  });

  it("types the answers with the spec's wire names", async () => {
    const { data } = await queues.raw.queuesPullMessages({ params: { path }, body: { batch_size: 10 } });
    expectTypeOf(data!.result!.message_backlog_count).toEqualTypeOf<number | undefined>();
    expectTypeOf(data!.result!.messages![0]!.lease_id).toEqualTypeOf<string>();
    const ack = await queues.raw.queuesAckMessages({ params: { path }, body: {} });
    expectTypeOf(ack.data!.result!.warnings).toEqualTypeOf<{ [key: string]: string } | undefined>();
  });
});
