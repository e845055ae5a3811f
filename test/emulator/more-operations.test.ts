// peek, purge and extend in the emulator, through both transports, and the operations of
// Cloudflare's spec that it does not emulate (preview, preview/ack).
import { afterEach, describe, expect, it } from "vitest";
import { createEmulator, EmulatorConfigError, type EmulatorConfig } from "../../src/emulator/index.js";
import { startEmulator, TRANSPORTS, type Harness, type TransportKind } from "../helpers/emulator.js";

const n = (message: { body: unknown }) => (message.body as { n: number }).n;

describe.each(TRANSPORTS)("peek (%s)", (kind: TransportKind) => {
  let h: Harness;
  const start = async (config: EmulatorConfig = {}) => (h = await startEmulator(kind, config));
  afterEach(() => h?.close());

  it("answers the spec's wire shape: id, body (base64 for json), attempts, metadata, timestamp_ms and ref", async () => {
    await start();
    await h.client.queue("orders").send({ order_id: 4812 });
    const wire = await h.post("orders", "/peek", { batch_size: 10 });
    expect(wire.status).toBe(200);
    const [message] = wire.json.result.messages;
    expect(Object.keys(message).sort()).toEqual([
      "attempts",
      "body",
      "id",
      "metadata",
      "ref",
      "timestamp_ms",
    ]);
    expect(message).toMatchObject({
      body: Buffer.from('{"order_id":4812}').toString("base64"),
      attempts: 0,
      metadata: { "CF-Content-Type": "json", "CF-sourceMessageSource": "api" },
      timestamp_ms: h.clock.now,
    });
    expect(message.id).toMatch(/^[0-9a-f]{32}$/);
    expect(message.ref).toMatch(/^[A-Za-z0-9_-]{22}$/); // 128 random bits, base64url
  });

  it("reads available messages in delivery order and changes nothing: no lease, no attempt, same metrics", async () => {
    await start();
    const q = h.client.queue("orders");
    await q.sendBatch(Array.from({ length: 8 }, (_, i) => ({ body: { n: i } })));
    const before = h.emulator.metrics("orders");
    const first = await q.peek({ batchSize: 5 });
    expect(first.messages.map(n)).toEqual([0, 1, 2, 3, 4]);
    expect(first.messages.map((m) => m.attempts)).toEqual([0, 0, 0, 0, 0]);
    const again = await q.peek({ batchSize: 5 });
    expect(again.messages.map((m) => m.ref)).toEqual(first.messages.map((m) => m.ref));
    expect(h.emulator.metrics("orders")).toEqual(before);
    // a pull after peeks gets the same messages, each at its first attempt
    const pulled = await q.pull({ batchSize: 5 });
    expect(pulled.messages.map(n)).toEqual([0, 1, 2, 3, 4]);
    expect(pulled.messages.map((m) => m.attempts)).toEqual([1, 1, 1, 1, 1]);
    expect(pulled.messages.map((m) => m.id)).toEqual(first.messages.map((m) => m.id));
  });

  it("shows neither leased nor delayed messages; the queue's batch_size is the default", async () => {
    await start({ queues: { q: { batch_size: 2 } } });
    const q = h.client.queue("q");
    await q.sendBatch([{ body: { n: 0 } }, { body: { n: 1 } }, { body: { n: 2 } }, { body: { n: 3 } }]);
    await q.send({ n: 4 }, { delaySeconds: 60 });
    await q.pull({ batchSize: 1, visibilityTimeoutMs: 120_000 }); // n: 0 is leased
    expect((await q.peek()).messages.map(n)).toEqual([1, 2]);
    expect((await q.peek({ batchSize: 100 })).messages.map(n)).toEqual([1, 2, 3]);
    h.clock.advance(60_000);
    expect((await q.peek({ batchSize: 100 })).messages.map(n)).toEqual([1, 2, 3, 4]);
  });

  it("promotes what time made due first, as pull does: an ended lease comes back in its place, attempts as they were", async () => {
    await start();
    const q = h.client.queue("orders");
    await q.send({ n: 0 });
    await q.pull({ batchSize: 1, visibilityTimeoutMs: 1_000 });
    h.clock.advance(500);
    await q.send({ n: 1 }); // available at 500
    h.clock.advance(1_000); // n: 0 is due again from 1,000: after n: 1
    await q.send({ n: 2 }, { delaySeconds: 0 });
    const peeked = await q.peek({ batchSize: 10 });
    expect(peeked.messages.map((m) => [n(m), m.attempts])).toEqual([
      [1, 0],
      [0, 1],
      [2, 0],
    ]);
    const pulled = await q.pull({ batchSize: 10 });
    expect(pulled.messages.map(n)).toEqual([1, 0, 2]);
  });

  it("reads the order pull delivers when delays, retries and ended leases interleave", async () => {
    await start({ queues: { mixed: { max_retries: 100 } } });
    const q = h.client.queue("mixed");
    // delays that end out of push order, some retries with delays, some leases that end
    for (let i = 0; i < 40; i++) await q.send({ n: i }, { delaySeconds: (i * 7) % 13 });
    h.clock.advance(6_000);
    const leased = await q.pull({ batchSize: 10, visibilityTimeoutMs: 3_000 });
    await q.ack({
      retries: leased.messages.slice(0, 5).map((m, i) => ({ leaseId: m.leaseId, delaySeconds: i % 3 })),
    });
    h.clock.advance(5_000);
    const peeked = await q.peek({ batchSize: 100 });
    const pulled = await q.pull({ batchSize: 100 });
    expect(peeked.messages.length).toBeGreaterThan(20);
    expect(peeked.messages.map((m) => m.id)).toEqual(pulled.messages.map((m) => m.id));
  });

  it("a ref stays the same while the message exists, through a lease and its end", async () => {
    await start();
    const q = h.client.queue("orders");
    await q.send({ n: 0 });
    const [before] = (await q.peek()).messages;
    await q.pull({ visibilityTimeoutMs: 1_000 });
    expect((await q.peek()).messages).toEqual([]);
    h.clock.advance(1_000);
    const [after] = (await q.peek()).messages;
    expect(after!.ref).toBe(before!.ref);
    expect(after!.attempts).toBe(1);
  });

  it("refuses a batch_size out of range as the schema says", async () => {
    await start();
    const answer = await h.post("orders", "/peek", { batch_size: 0 });
    expect(answer.status).toBe(400);
    expect(answer.json.errors[0]).toMatchObject({ code: 10207, source: { pointer: "/batch_size" } });
  });
});

describe.each(TRANSPORTS)("purge (%s)", (kind: TransportKind) => {
  let h: Harness;
  afterEach(() => h?.close());

  it("deletes messages in every state at once: available, delayed, leased; the backlog drops with them", async () => {
    h = await startEmulator(kind);
    const q = h.client.queue("orders");
    await q.sendBatch([{ body: { n: 0 } }, { body: { n: 1 } }, { body: { n: 2 } }, { body: { n: 3 } }]);
    const peeked = (await q.peek({ batchSize: 10 })).messages;
    expect(peeked.map(n)).toEqual([0, 1, 2, 3]);
    const [leased, retried] = (await q.pull({ batchSize: 2 })).messages;
    await q.ack({ retries: [{ leaseId: retried!.leaseId, delaySeconds: 600 }] }); // n: 1 is delayed
    const backlog = () => h.emulator.metrics("orders")!;
    expect(backlog().backlog_count).toBe(4);
    const bytes = backlog().backlog_bytes;

    const purged = await q.purge([peeked[0]!, peeked[1]!, peeked[2]!.ref]); // leased, delayed, available
    expect(purged).toEqual({ warnings: {}, errors: [] });
    expect(backlog().backlog_count).toBe(1);
    expect(backlog().backlog_bytes).toBe(bytes - 3 * '{"n":0}'.length);
    h.clock.advance(600_000);
    expect((await q.pull({ batchSize: 10 })).messages.map(n)).toEqual([3]);

    // a later ack of the purged message's lease is a warning, as for any unknown lease
    const late = await q.ack({ acks: [leased!.leaseId] });
    expect(late.ackCount).toBe(0);
    expect(late.warnings[leased!.leaseId]).toMatch(/^lease not found/);
  });

  it("a ref that matches no message comes back in warnings, keyed by the ref; the rest is purged", async () => {
    h = await startEmulator(kind);
    const q = h.client.queue("orders");
    await q.send({ n: 0 });
    const [peeked] = (await q.peek()).messages;
    const wire = await h.post("orders", "/purge", {
      refs: [{ ref: "no-such-ref" }, { ref: peeked!.ref }],
    });
    expect(wire.status).toBe(200);
    expect(Object.keys(wire.json.result.warnings)).toEqual(["no-such-ref"]);
    expect(wire.json.result.warnings["no-such-ref"]).toMatch(/^ref not found/);
    expect(h.emulator.metrics("orders")!.backlog_count).toBe(0);
    // purged: its ref is unknown from now on
    const again = await q.purge([peeked!.ref]);
    expect(Object.keys(again.warnings)).toEqual([peeked!.ref]);
  });

  it("a ref belongs to its queue: another queue does not know it", async () => {
    h = await startEmulator(kind);
    await h.client.queue("a").send({ n: 0 });
    const [peeked] = (await h.client.queue("a").peek()).messages;
    const other = await h.client.queue("b").purge([peeked!.ref]);
    expect(Object.keys(other.warnings)).toEqual([peeked!.ref]);
    expect(h.emulator.metrics("a")!.backlog_count).toBe(1);
  });

  it("a dead-lettered message is no longer purged by its old ref", async () => {
    h = await startEmulator(kind, { queues: { orders: { max_retries: 0, dead_letter_queue: "dlq" } } });
    const q = h.client.queue("orders");
    await q.send({ n: 0 });
    const [peeked] = (await q.peek()).messages;
    const [pulled] = (await q.pull()).messages;
    await q.ack({ retries: [pulled!.leaseId] });
    expect(Object.keys((await q.purge([peeked!.ref])).warnings)).toEqual([peeked!.ref]);
    expect(h.emulator.metrics("dlq")!.backlog_count).toBe(1);
  });

  it("refuses a body without refs as the schema says", async () => {
    h = await startEmulator(kind);
    const answer = await h.post("orders", "/purge", {});
    expect(answer.status).toBe(400);
    expect(answer.json.errors[0].code).toBe(10207);
  });
});

describe.each(TRANSPORTS)("extend, preview (%s)", (kind: TransportKind) => {
  let h: Harness;
  afterEach(() => h?.close());

  it("the lease now ends visibility_timeout_ms from now; attempts do not change; the lease id still acks", async () => {
    h = await startEmulator(kind);
    const q = h.client.queue("orders");
    await q.send({ n: 0 });
    const [message] = (await q.pull({ visibilityTimeoutMs: 1_000 })).messages;
    h.clock.advance(900);
    const extended = await q.extend([message!], { visibilityTimeoutMs: 5_000 });
    expect(extended).toEqual({ extendCount: 1, warnings: {} });
    h.clock.advance(4_000); // 4,900 ms after the pull: past the first lease, within the extended one
    expect((await q.pull()).messages).toEqual([]);
    expect((await q.peek()).messages).toEqual([]);
    const acked = await q.ack({ acks: [message!.leaseId] });
    expect(acked).toMatchObject({ ackCount: 1, warnings: {} });
    expect(h.emulator.metrics("orders")!.backlog_count).toBe(0);
  });

  it("once the extended lease ends, the message comes back with the same attempts, then at its next", async () => {
    h = await startEmulator(kind);
    const q = h.client.queue("orders");
    await q.send({ n: 0 });
    const [message] = (await q.pull({ visibilityTimeoutMs: 1_000 })).messages;
    await q.extend([message!.leaseId], { visibilityTimeoutMs: 2_000 });
    h.clock.advance(1_999);
    expect((await q.peek()).messages).toEqual([]);
    h.clock.advance(1);
    const [back] = (await q.peek()).messages;
    expect(back!.attempts).toBe(1);
    expect((await q.pull()).messages.map((m) => m.attempts)).toEqual([2]);
  });

  it("without visibility_timeout_ms, the queue's visibility_timeout_ms is the lease's new length", async () => {
    h = await startEmulator(kind, { queues: { q: { visibility_timeout_ms: 10_000 } } });
    const q = h.client.queue("q");
    await q.send({ n: 0 });
    const [message] = (await q.pull({ visibilityTimeoutMs: 1_000 })).messages;
    h.clock.advance(500);
    const wire = await h.post("q", "/extend", { extend: [{ lease_id: message!.leaseId }] });
    expect(wire.json.result).toEqual({ extendCount: 1, warnings: {} });
    h.clock.advance(9_999);
    expect((await q.pull()).messages).toEqual([]);
    h.clock.advance(1);
    expect((await q.pull()).messages).toHaveLength(1);
  });

  it("a lease that ended, was superseded or is unknown comes back in warnings, keyed by lease id", async () => {
    h = await startEmulator(kind);
    const q = h.client.queue("orders");
    await q.sendBatch([{ body: { n: 0 } }, { body: { n: 1 } }]);
    const [first, second] = (await q.pull({ batchSize: 2, visibilityTimeoutMs: 1_000 })).messages;
    h.clock.advance(1_000); // both leases end
    const [again] = (await q.pull({ batchSize: 1 })).messages; // n: 0 again, under a new lease
    expect(again!.id).toBe(first!.id);
    const result = await q.extend([first!, second!, "no-such-lease", again!], { visibilityTimeoutMs: 5_000 });
    expect(result.extendCount).toBe(1);
    expect(result.warnings[first!.leaseId]).toMatch(/^lease superseded: .* the extend changed nothing/);
    expect(result.warnings[second!.leaseId]).toMatch(/^lease expired: .* the extend changed nothing/);
    expect(result.warnings["no-such-lease"]).toMatch(/^lease not found/);
    expect(Object.keys(result.warnings)).toHaveLength(3);
  });
});

describe.each(TRANSPORTS)("operations the emulator does not have (%s)", (kind: TransportKind) => {
  let h: Harness;
  afterEach(() => h?.close());

  it.each([
    ["/preview", "queues-preview-messages", { batch_size: 1 }],
    ["/preview/ack", "queues-ack-preview-messages", { acks: [], retries: [] }],
  ])("%s answers 501 naming it as not emulated, not 7003", async (suffix, operationId, body) => {
    h = await startEmulator(kind);
    const answer = await h.post("orders", suffix, body);
    expect(answer.status).toBe(501);
    expect(answer.json).toMatchObject({ success: false, result: null, messages: [] });
    expect(answer.json.errors).toEqual([
      { code: 501, message: expect.stringContaining(`${operationId} is not emulated by cfq`) },
    ]);
    expect(answer.json.errors[0].message).toContain("push, batch, pull, ack, peek, purge, extend");
  });

  it("any other path is still 7003", async () => {
    h = await startEmulator(kind);
    const answer = await h.post("orders", "/preview/nack", {});
    expect([answer.status, answer.json.errors[0].code]).toEqual([400, 7003]);
  });
});

describe.each(TRANSPORTS)("fault rules for peek, purge and extend (%s)", (kind: TransportKind) => {
  let h: Harness;
  afterEach(() => h?.close());

  it.each([
    ["peek", "/peek", { batch_size: 1 }],
    ["purge", "/purge", { refs: [{ ref: "r" }] }],
    ["extend", "/extend", { extend: [{ lease_id: "l" }] }],
  ] as const)("op %s: its rule fires on it and on nothing else", async (op, suffix, body) => {
    h = await startEmulator(kind, { faults: { rules: [{ op, fault: "503", first: 1 }] } });
    expect((await h.post("orders", "/pull", {})).status).toBe(200);
    const faulted = await h.post("orders", suffix, body);
    expect([faulted.status, faulted.json.errors[0].code]).toEqual([503, 15000]);
    expect((await h.post("orders", suffix, body)).status).toBe(200);
  });
});

describe("the config's fault ops", () => {
  it("come from the operation table: an unknown op is refused, naming every allowed one", () => {
    expect(() => createEmulator({ faults: { rules: [{ op: "peak" as "peek", fault: "500" }] } })).toThrow(
      new EmulatorConfigError(
        `cfq config: faults.rules[0].op must be one of "push", "batch", "pull", "ack", "peek", "purge", "extend", "*"; got "peak"`,
      ),
    );
  });
});
