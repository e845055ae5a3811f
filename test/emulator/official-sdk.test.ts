// The official `cloudflare` SDK (7.3.0), unchanged, against `cfq serve`'s HTTP server.
import Cloudflare from "cloudflare";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmulator } from "../../src/emulator/index.js";
import { startEmulator, type Harness } from "../helpers/emulator.js";

const account_id = "acc";

describe("the official cloudflare SDK against the emulator over HTTP", () => {
  let h: Harness;
  let cf: Cloudflare;
  beforeEach(async () => {
    h = await startEmulator("http", {
      tokens: ["sdk-token"],
      queues: { orders: { max_retries: 1, dead_letter_queue: "orders-dlq" }, paused: { paused: true } },
    });
    cf = new Cloudflare({ apiToken: "sdk-token", baseURL: h.baseUrl, maxRetries: 0 });
  });
  afterEach(() => h.close());

  it("pushes, bulk-pushes, pulls and acks with the same semantics", async () => {
    const pushed = await cf.queues.messages.push("orders", {
      account_id,
      body: { order_id: 4812 },
      content_type: "json",
    });
    expect(pushed.metadata?.metrics?.backlog_count).toBe(1);
    const bulk = await cf.queues.messages.bulkPush("orders", {
      account_id,
      messages: [
        { body: "hi", content_type: "text" },
        { body: { n: 2 }, content_type: "json", delay_seconds: 60 },
      ],
    });
    expect(bulk.metadata?.metrics?.backlog_count).toBe(3);

    const pulled = await cf.queues.messages.pull("orders", {
      account_id,
      batch_size: 10,
      visibility_timeout_ms: 1000,
    });
    expect(pulled.message_backlog_count).toBe(3);
    expect(pulled.messages).toHaveLength(2); // the third is delayed
    const [json, text] = pulled.messages!;
    expect(JSON.parse(Buffer.from(json!.body!, "base64").toString())).toEqual({ order_id: 4812 });
    expect(text!.body).toBe("hi");
    expect(json!.attempts).toBe(1);

    const acked = await cf.queues.messages.ack("orders", {
      account_id,
      acks: [{ lease_id: json!.lease_id! }],
      retries: [{ lease_id: text!.lease_id!, delay_seconds: 0 }],
    });
    expect(acked).toEqual({ ackCount: 1, retryCount: 1, warnings: {} });

    const again = await cf.queues.messages.pull("orders", { account_id, batch_size: 10 });
    expect(again.messages!.map((m) => [m.body, m.attempts])).toEqual([["hi", 2]]);
    // the last failed delivery of a max_retries: 1 queue dead-letters the message
    await cf.queues.messages.ack("orders", {
      account_id,
      retries: [{ lease_id: again.messages![0]!.lease_id! }],
    });
    const dlq = await cf.queues.messages.pull("orders-dlq", { account_id });
    expect(dlq.messages!.map((m) => [m.id, m.body, m.attempts])).toEqual([[text!.id, "hi", 1]]);
  });

  it("peeks and purges with the same semantics", async () => {
    await cf.queues.messages.bulkPush("orders", {
      account_id,
      messages: [
        { body: { n: 1 }, content_type: "json" },
        { body: "two", content_type: "text" },
      ],
    });
    const peeked = await cf.queues.messages.peek("orders", { account_id, batch_size: 10 });
    expect(
      peeked.messages!.map((m) => [
        m.body,
        m.attempts,
        (m.metadata as Record<string, string>)["CF-Content-Type"],
      ]),
    ).toEqual([
      [Buffer.from('{"n":1}').toString("base64"), 0, "json"],
      ["two", 0, "text"],
    ]);
    const [first, second] = peeked.messages!;
    expect(typeof first!.ref).toBe("string");

    const purged = await cf.queues.messages.purge("orders", {
      account_id,
      refs: [{ ref: first!.ref! }, { ref: "no-such-ref" }],
    });
    expect(Object.keys(purged.warnings ?? {})).toEqual(["no-such-ref"]);
    expect(h.emulator.metrics("orders")!.backlog_count).toBe(1);
    const pulled = await cf.queues.messages.pull("orders", { account_id, batch_size: 10 });
    expect(pulled.messages!.map((m) => [m.id, m.attempts])).toEqual([[second!.id, 1]]);
  });

  it("sees failures as its own error classes, with the envelope's errors", async () => {
    await expect(
      cf.queues.messages.push("orders", { account_id, body: "not an object" as never, content_type: "json" }),
    ).rejects.toMatchObject({ status: 400, errors: [expect.objectContaining({ code: 10207 })] });
    await expect(cf.queues.messages.pull("paused", { account_id })).rejects.toBeInstanceOf(
      Cloudflare.ConflictError,
    );
    const wrong = new Cloudflare({ apiToken: "wrong", baseURL: h.baseUrl, maxRetries: 0 });
    await expect(wrong.queues.messages.pull("orders", { account_id })).rejects.toBeInstanceOf(
      Cloudflare.PermissionDeniedError,
    );
  });

  it("gives up on a paused queue at once, even with its default retries, because the emulator says x-should-retry: false", async () => {
    const lines: string[] = [];
    const server = await createEmulator({ queues: { paused: { paused: true } } }).listen({
      port: 0,
      log: (l) => lines.push(l),
    });
    try {
      const retrying = new Cloudflare({ apiToken: "sdk-token", baseURL: server.url }); // maxRetries: 2
      await expect(retrying.queues.messages.pull("paused", { account_id })).rejects.toBeInstanceOf(
        Cloudflare.ConflictError,
      );
      expect(lines).toEqual([
        expect.stringMatching(/^POST \/client\/v4\/accounts\/acc\/queues\/paused\/messages\/pull 409 /),
      ]);
    } finally {
      await server.close();
    }
  });
});
