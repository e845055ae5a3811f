import { afterEach, describe, expect, it } from "vitest";
import type { EmulatorConfig } from "../../src/emulator/index.js";
import { startEmulator, TRANSPORTS, type Harness, type TransportKind } from "../helpers/emulator.js";

describe.each(TRANSPORTS)("queue semantics (%s)", (kind: TransportKind) => {
  let h: Harness;
  const start = async (config: EmulatorConfig = {}) => (h = await startEmulator(kind, config));
  afterEach(() => h?.close());

  it("round-trips json and text bodies, base64 on the wire for json, with Cloudflare's metadata", async () => {
    await start();
    const q = h.client.queue("orders");
    await q.send({ city: "Zürich", n: 1 });
    await q.send("plain reminder", { contentType: "text", delaySeconds: 0 });
    const wire = await h.post("orders", "/pull", { batch_size: 10 });
    expect(wire.status).toBe(200);
    expect(wire.headers.get("content-type")).toBe("application/json");
    const [json, text] = wire.json.result.messages;
    expect(json.body).toBe(Buffer.from(JSON.stringify({ city: "Zürich", n: 1 })).toString("base64"));
    expect(json.metadata).toEqual({ "CF-Content-Type": "json", "CF-sourceMessageSource": "api" });
    expect(json.id).toMatch(/^[0-9a-f]{32}$/);
    expect(json.attempts).toBe(1);
    expect(json.timestamp_ms).toBe(h.clock.now);
    expect(text.body).toBe("plain reminder");
    expect(text.metadata["CF-Content-Type"]).toBe("text");
    expect(json.lease_id).not.toBe(text.lease_id);
    expect(json.lease_id.length).toBeGreaterThanOrEqual(32);
  });

  it("the facade decodes what it pulls", async () => {
    await start();
    const q = h.client.queue("orders");
    await q.send({ hello: "world" });
    await q.send("plain", { contentType: "text" });
    const { messages } = await q.pull({ batchSize: 10 });
    expect(messages.map((m) => [m.body, m.contentType, m.attempts])).toEqual([
      [{ hello: "world" }, "json", 1],
      ["plain", "text", 1],
    ]);
    expect(messages[0]!.timestamp).toEqual(new Date(h.clock.now));
  });

  it("keeps FIFO order of availability and leases at most batch_size (default 5)", async () => {
    await start();
    const q = h.client.queue("fifo");
    await q.sendBatch(Array.from({ length: 12 }, (_, n) => ({ body: { n } })));
    const first = await q.pull();
    expect(first.messages.map((m) => (m.body as { n: number }).n)).toEqual([0, 1, 2, 3, 4]);
    const rest = await q.pull({ batchSize: 100 });
    expect(rest.messages.map((m) => (m.body as { n: number }).n)).toEqual([5, 6, 7, 8, 9, 10, 11]);
    expect((await q.pull()).messages).toEqual([]);
  });

  it("a queue's batch_size and visibility_timeout_ms are the pull defaults; the request overrides them", async () => {
    await start({ queues: { q: { batch_size: 2, visibility_timeout_ms: 1000 } } });
    const q = h.client.queue("q");
    await q.sendBatch(Array.from({ length: 6 }, (_, n) => ({ body: { n } })));
    expect((await q.pull()).messages).toHaveLength(2);
    expect((await q.pull({ batchSize: 3, visibilityTimeoutMs: 5000 })).messages).toHaveLength(3);
    h.clock.advance(1000); // the first two leases end; the next three do not
    // 5 has waited since the push; 0 and 1 became available again only when their leases ended
    expect((await q.pull({ batchSize: 10 })).messages.map((m) => (m.body as { n: number }).n)).toEqual([
      5, 0, 1,
    ]);
  });

  it("leased messages are invisible until the lease expires, then come back with attempts + 1 and a fresh lease", async () => {
    await start();
    const q = h.client.queue("orders");
    await q.send({ a: 1 });
    const first = await q.pull({ visibilityTimeoutMs: 10_000 });
    expect((await q.pull()).messages).toEqual([]);
    h.clock.advance(9_999);
    expect((await q.pull()).messages).toEqual([]);
    h.clock.advance(1);
    const second = await q.pull();
    expect(second.messages).toHaveLength(1);
    expect(second.messages[0]!.id).toBe(first.messages[0]!.id);
    expect(second.messages[0]!.attempts).toBe(2);
    expect(second.messages[0]!.leaseId).not.toBe(first.messages[0]!.leaseId);
  });

  it("concurrent pulls get disjoint batches", async () => {
    await start();
    const q = h.client.queue("orders");
    await q.sendBatch(Array.from({ length: 30 }, (_, n) => ({ body: { n } })));
    const batches = await Promise.all(Array.from({ length: 5 }, () => q.pull({ batchSize: 10 })));
    const ids = batches.flatMap((b) => b.messages.map((m) => m.id));
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });

  it("ack removes; retry redelivers now or after its delay, or after the queue's retry_delay", async () => {
    await start({ queues: { q: { retry_delay: 60 } } });
    const q = h.client.queue("q");
    await q.sendBatch([{ body: { n: 1 } }, { body: { n: 2 } }, { body: { n: 3 } }]);
    const { messages } = await q.pull({ batchSize: 3 });
    const result = await q.ack({
      acks: [messages[0]!.leaseId],
      retries: [{ leaseId: messages[1]!.leaseId, delaySeconds: 0 }, messages[2]!.leaseId],
    });
    expect(result).toEqual({ ackCount: 1, retryCount: 2, warnings: {} });
    const now = await q.pull({ batchSize: 10 });
    expect(now.messages.map((m) => [(m.body as { n: number }).n, m.attempts])).toEqual([[2, 2]]);
    await q.ack({ acks: now.messages });
    h.clock.advance(59_999);
    expect((await q.pull()).messages).toEqual([]);
    h.clock.advance(1);
    expect((await q.pull()).messages.map((m) => [(m.body as { n: number }).n, m.attempts])).toEqual([[3, 2]]);
  });

  it("after max_retries + 1 deliveries a message moves to the dead-letter queue, keeping id, body, type and timestamp", async () => {
    await start({ queues: { orders: { max_retries: 2, dead_letter_queue: "orders-dlq" } } });
    const q = h.client.queue("orders");
    const published = h.clock.now;
    await q.send("poison", { contentType: "text" });
    let id = "";
    for (let attempt = 1; attempt <= 3; attempt++) {
      h.clock.advance(1000);
      const { messages } = await q.pull();
      expect(messages.map((m) => m.attempts)).toEqual([attempt]);
      id = messages[0]!.id;
      await q.ack({ retries: [messages[0]!.leaseId] });
    }
    expect((await q.pull()).messages).toEqual([]);
    expect(h.emulator.metrics("orders")!.backlog_count).toBe(0);
    const dlq = await h.client.queue("orders-dlq").pull();
    expect(dlq.messages).toHaveLength(1);
    expect(dlq.messages[0]).toMatchObject({ id, body: "poison", contentType: "text", attempts: 1 });
    expect(dlq.messages[0]!.timestamp).toEqual(new Date(published));
  });

  it("lease expiry counts as a failed attempt, and the message is dropped when there is no dead-letter queue", async () => {
    await start({ queues: { q: { max_retries: 1 } } });
    const q = h.client.queue("q");
    await q.send({ a: 1 });
    expect((await q.pull({ visibilityTimeoutMs: 1000 })).messages[0]!.attempts).toBe(1);
    h.clock.advance(1000);
    expect((await q.pull({ visibilityTimeoutMs: 1000 })).messages[0]!.attempts).toBe(2);
    h.clock.advance(1000);
    expect((await q.pull()).messages).toEqual([]);
    expect(h.emulator.metrics("q")).toEqual({
      backlog_count: 0,
      backlog_bytes: 0,
      oldest_message_timestamp_ms: 0,
    });
    expect(h.emulator.queueIds()).toEqual(["q"]);
  });

  it("delays: per message over per batch over the queue's delivery_delay; 0 turns the default off", async () => {
    await start({ queues: { q: { delivery_delay: 30 } } });
    const q = h.client.queue("q");
    await q.send({ n: "queue default" });
    await q.send({ n: "explicit 0" }, { delaySeconds: 0 });
    await q.sendBatch([{ body: { n: "batch 10" } }, { body: { n: "own 5" }, delaySeconds: 5 }], {
      delaySeconds: 10,
    });
    const at = async (ms: number) => {
      h.clock.advance(ms);
      return (await q.pull({ batchSize: 10, visibilityTimeoutMs: 3_600_000 })).messages.map(
        (m) => (m.body as { n: string }).n,
      );
    };
    expect(await at(0)).toEqual(["explicit 0"]);
    expect(await at(5000)).toEqual(["own 5"]);
    expect(await at(5000)).toEqual(["batch 10"]);
    expect(await at(19_999)).toEqual([]);
    expect(await at(1)).toEqual(["queue default"]);
  });

  it("reports the pushed delay in CF-msg-delay-secs", async () => {
    await start();
    await h.client.queue("q").send("later", { contentType: "text", delaySeconds: 30 });
    h.clock.advance(30_000);
    const wire = await h.post("q", "/pull", {});
    expect(wire.json.result.messages[0].metadata).toEqual({
      "CF-Content-Type": "text",
      "CF-sourceMessageSource": "api",
      "CF-msg-delay-secs": "30",
    });
  });

  it("metrics count every unacknowledged message, leased ones included, with stored body bytes and the oldest timestamp", async () => {
    await start();
    const q = h.client.queue("m");
    expect((await q.pull()).metrics).toEqual({
      backlogCount: 0,
      backlogBytes: 0,
      oldestMessageTimestamp: null,
    });
    const t0 = h.clock.now;
    const sent = await q.send({ a: "é" }); // {"a":"é"} is 10 bytes of UTF-8
    expect(sent.metrics).toEqual({ backlogCount: 1, backlogBytes: 10, oldestMessageTimestamp: new Date(t0) });
    h.clock.advance(5);
    const batch = await q.sendBatch([
      { body: "abc", contentType: "text" },
      { body: "€", contentType: "text" },
    ]);
    expect(batch.metrics).toEqual({
      backlogCount: 3,
      backlogBytes: 16,
      oldestMessageTimestamp: new Date(t0),
    });
    const pulled = await q.pull({ batchSize: 1 });
    expect(pulled.backlogCount).toBe(3);
    expect(pulled.metrics).toEqual({
      backlogCount: 3,
      backlogBytes: 16,
      oldestMessageTimestamp: new Date(t0),
    });
    await q.ack({ acks: pulled.messages });
    const after = await q.pull({ batchSize: 0 + 1, visibilityTimeoutMs: 1 });
    expect(after.backlogCount).toBe(2);
    expect(after.metrics).toEqual({
      backlogCount: 2,
      backlogBytes: 6,
      oldestMessageTimestamp: new Date(t0 + 5),
    });
    const wire = await h.post("m", "/messages".slice(9), { body: { x: 1 } });
    expect(wire.json.result.metadata.metrics).toEqual({
      backlog_count: 3,
      backlog_bytes: 13,
      oldest_message_timestamp_ms: t0 + 5,
    });
  });

  it("late acks are accepted, either lease id settles a re-leased message, unknown ones are warnings", async () => {
    await start();
    const q = h.client.queue("late");
    await q.sendBatch([{ body: { n: 1 } }, { body: { n: 2 } }]);
    const first = await q.pull({ batchSize: 2, visibilityTimeoutMs: 1000 });
    h.clock.advance(1000);
    const second = await q.pull({ batchSize: 1, visibilityTimeoutMs: 1000 });
    expect(second.messages[0]!.id).toBe(first.messages[0]!.id);
    // message 1: settled with its old lease while re-leased; message 2: its lease expired, not re-leased
    const settled = await q.ack({ acks: [first.messages[0]!.leaseId, first.messages[1]!.leaseId] });
    expect(settled).toEqual({ ackCount: 2, retryCount: 0, warnings: {} });
    const again = await q.ack({ acks: [second.messages[0]!.leaseId], retries: ["bogus-lease"] });
    expect(again.ackCount).toBe(0);
    expect(Object.keys(again.warnings).sort()).toEqual(["bogus-lease", second.messages[0]!.leaseId].sort());
    expect(h.emulator.metrics("late")!.backlog_count).toBe(0);
  });

  /** Consumer A's lease on the queue's one message ended; consumer B holds it now. */
  async function leasedAgain(queue: string) {
    const q = h.client.queue(queue);
    await q.send({ n: 1 });
    const a = await q.pull({ visibilityTimeoutMs: 1000 });
    h.clock.advance(1000);
    const b = await q.pull({ visibilityTimeoutMs: 30_000 });
    expect(b.messages[0]!.id).toBe(a.messages[0]!.id);
    return { q, a, b };
  }

  it("a retry with a superseded lease changes nothing: the consumer that holds the message keeps it", async () => {
    await start();
    const { q, a, b } = await leasedAgain("stale");
    const stale = await q.ack({ retries: [a.messages[0]!.leaseId] });
    expect(stale.retryCount).toBe(0);
    expect(stale.warnings).toEqual({
      [a.messages[0]!.leaseId]: expect.stringMatching(/superseded.*leased again/),
    });
    expect((await q.pull()).messages).toEqual([]); // C gets nothing while B's lease lasts
    expect(await q.ack({ acks: b.messages })).toEqual({ ackCount: 1, retryCount: 0, warnings: {} });
  });

  it("a stale retry on the last attempt does not dead-letter the message under its current holder", async () => {
    await start({ queues: { q: { max_retries: 1, dead_letter_queue: "dlq" } } });
    const { q, a, b } = await leasedAgain("q");
    expect(b.messages[0]!.attempts).toBe(2); // the last one
    expect((await q.ack({ retries: [a.messages[0]!.leaseId] })).retryCount).toBe(0);
    expect(h.emulator.metrics("dlq")).toBeUndefined();
    expect((await q.ack({ acks: b.messages })).ackCount).toBe(1);
  });

  it("a retry with the current lease after it expired changes nothing: the message is already due again", async () => {
    await start();
    const q = h.client.queue("expired");
    await q.send({ n: 1 });
    const a = await q.pull({ visibilityTimeoutMs: 1000 });
    h.clock.advance(1000);
    const late = await q.ack({ retries: [{ leaseId: a.messages[0]!.leaseId, delaySeconds: 600 }] });
    expect(late.retryCount).toBe(0);
    expect(late.warnings).toEqual({
      [a.messages[0]!.leaseId]: expect.stringMatching(/expired.*due for redelivery/),
    });
    const again = await q.pull(); // the retry's delay did not apply: the expiry already counted
    expect(again.messages.map((m) => m.attempts)).toEqual([2]);
    // a late ack still settles it, under either lease id
    expect((await q.ack({ acks: [a.messages[0]!.leaseId] })).ackCount).toBe(1);
  });

  it("retention drops messages older than message_retention_period", async () => {
    await start({ queues: { r: { message_retention_period: 60 } } });
    const q = h.client.queue("r");
    await q.send({ n: 1 });
    h.clock.advance(30_000);
    await q.send({ n: 2 });
    h.clock.advance(30_000);
    const { messages, backlogCount } = await q.pull({ batchSize: 10 });
    expect(messages.map((m) => (m.body as { n: number }).n)).toEqual([2]);
    expect(backlogCount).toBe(1);
    h.clock.advance(30_000);
    expect(h.emulator.metrics("r")!.backlog_count).toBe(0);
  });

  it("pushes to a paused queue or one without a pull consumer are accepted; pull is refused", async () => {
    await start({ queues: { paused: { paused: true }, push_only: { http_pull: false } } });
    for (const id of ["paused", "push_only"]) {
      expect((await h.client.queue(id).send({ a: 1 })).metrics?.backlogCount).toBe(1);
    }
    const paused = await h.post("paused", "/pull", {});
    expect(paused.status).toBe(409);
    expect(paused.json).toEqual({
      success: false,
      errors: [{ code: 409, message: "queue_delivery_paused" }],
      messages: [],
      result: null,
    });
    const noPull = await h.post("push_only", "/pull", {});
    expect(noPull.status).toBe(405);
    expect(noPull.json.errors).toEqual([
      { code: 0, message: "messages cannot be pulled unless http_pull mode is enabled" },
    ]);
    await expect(h.client.queue("paused").pull()).rejects.toMatchObject({ status: 409, code: 409 });
    await expect(h.client.queue("push_only").pull()).rejects.toMatchObject({ status: 405, code: 0 });
  });
});
