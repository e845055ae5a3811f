// No single request does work in proportion to the backlog: transitions that time made due (leases
// that ended, messages past retention) are applied lazily, at most TRANSITIONS_PER_REQUEST per
// request. Counted, not timed: the dead-letter queue and the metrics show how many were applied.
import { describe, expect, it } from "vitest";
import { QueuesClient } from "../../src/index.js";
import { createEmulator, type EmulatorConfig } from "../../src/emulator/index.js";
import { TRANSITIONS_PER_REQUEST } from "../../src/emulator/queue-state.js";

const COUNT = 5000; // several budgets' worth

async function setUp(config: EmulatorConfig) {
  let now = Date.UTC(2026, 0, 1);
  const emulator = createEmulator(config, { now: () => now });
  const client = new QueuesClient({ accountId: "a", apiToken: "t", fetch: emulator.fetch });
  const q = client.queue("q");
  for (let n = 0; n < COUNT; n += 100) {
    await q.sendBatch(Array.from({ length: 100 }, (_, i) => ({ body: { n: n + i } })));
  }
  return { emulator, client, q, advance: (ms: number) => (now += ms) };
}

async function leaseAll(q: ReturnType<QueuesClient["queue"]>) {
  for (let leased = 0; leased < COUNT; leased += 100) {
    expect((await q.pull({ batchSize: 100, visibilityTimeoutMs: 1000 })).messages).toHaveLength(100);
  }
}

describe("the work of one request is bounded, whatever the backlog", () => {
  it("leases that all ended at once: one pull dead-letters at most the budget, and later requests finish the job", async () => {
    const { emulator, q, advance } = await setUp({
      queues: { q: { max_retries: 0, dead_letter_queue: "dlq" } },
    });
    await leaseAll(q);
    advance(1000); // every lease ends together, each on its last attempt
    const pulled = await q.pull({ batchSize: 10 });
    expect(pulled.messages).toEqual([]);
    expect(pulled.backlogCount).toBe(COUNT - TRANSITIONS_PER_REQUEST);
    expect(emulator.metrics("dlq")!.backlog_count).toBe(TRANSITIONS_PER_REQUEST);
    let requests = 1; // the pull
    let left: number;
    do {
      left = emulator.metrics("q")!.backlog_count; // a sweep, like any request
      requests++;
    } while (left > 0);
    expect(requests).toBe(Math.ceil(COUNT / TRANSITIONS_PER_REQUEST));
    expect(emulator.metrics("dlq")!.backlog_count).toBe(COUNT);
  });

  it("leases that all ended at once come back in order of availability, across requests", async () => {
    const { q, advance } = await setUp({});
    await leaseAll(q);
    advance(1000);
    const order: number[] = [];
    for (;;) {
      const { messages } = await q.pull({ batchSize: 100 });
      if (messages.length === 0) break;
      for (const m of messages) {
        expect(m.attempts).toBe(2);
        order.push((m.body as { n: number }).n);
      }
    }
    expect(order).toEqual(Array.from({ length: COUNT }, (_, n) => n));
  });

  it("messages all past retention at once: one request deletes at most the budget", async () => {
    const { emulator, q, advance } = await setUp({ queues: { q: { message_retention_period: 60 } } });
    advance(60_000);
    const pushed = await q.send({ fresh: true });
    expect(pushed.metrics!.backlogCount).toBe(COUNT - TRANSITIONS_PER_REQUEST + 1);
    for (let i = 0; i < 4; i++) emulator.metrics("q");
    const { messages } = await q.pull({ batchSize: 10 });
    expect(messages.map((m) => m.body)).toEqual([{ fresh: true }]);
    expect(emulator.metrics("q")!.backlog_count).toBe(1);
  });

  it("a dead-lettered message keeps its old timestamp, and the dead-letter queue's oldest is it", async () => {
    const { emulator, client, q, advance } = await setUp({
      queues: { q: { max_retries: 0, dead_letter_queue: "dlq" }, dlq: { message_retention_period: 120 } },
    });
    const published = (await q.pull({ batchSize: 1 })).messages[0]!;
    advance(60_000);
    await client.queue("dlq").send({ newer: true });
    await q.ack({ retries: [published.leaseId] }); // its last attempt: into the dead-letter queue
    expect(emulator.metrics("dlq")).toMatchObject({
      backlog_count: 2,
      oldest_message_timestamp_ms: published.timestamp.getTime(),
    });
    advance(60_000); // 120 s after the first message was published, 60 s after the newer one
    expect(emulator.metrics("dlq")).toMatchObject({ backlog_count: 1 });
  });

  it("peek when the sweep's budget ran out: it skips what is due to go and reads the order pull then delivers", async () => {
    let now = Date.UTC(2026, 0, 1);
    const emulator = createEmulator({ queues: { q: { max_retries: 1 } } }, { now: () => now });
    const q = new QueuesClient({ accountId: "a", apiToken: "t", fetch: emulator.fetch }).queue("q");
    const doomed = TRANSITIONS_PER_REQUEST + 76;
    for (let n = 0; n < doomed; n += 100) {
      await q.sendBatch(
        Array.from({ length: Math.min(100, doomed - n) }, (_, i) => ({ body: { n: n + i } })),
      );
    }
    for (const attempt of [1, 2]) {
      for (let n = 0; n < doomed; n += 100) await q.pull({ batchSize: 100, visibilityTimeoutMs: 1_000 });
      if (attempt === 1) now += 1_000;
    }
    // Their last leases end at 2 s, and the peek is the first request after: its sweep's budget is
    // spent dead-lettering them, so the leases ending at 2.5 s are still in the lease order.
    await q.sendBatch(Array.from({ length: 10 }, (_, i) => ({ body: { n: -1 - i } })));
    await q.pull({ batchSize: 10, visibilityTimeoutMs: 1_500 }); // first attempts, ending at 2.5 s
    await q.sendBatch(
      Array.from({ length: 5 }, (_, i) => ({ body: { n: -100 - i } })),
      { delaySeconds: 2 }, // available at 3 s
    );
    now += 2_500;
    const peeked = await q.peek({ batchSize: 100 });
    expect(peeked.messages.map((m) => [(m.body as { n: number }).n, m.attempts])).toEqual([
      ...Array.from({ length: 10 }, (_, i) => [-1 - i, 1]),
      ...Array.from({ length: 5 }, (_, i) => [-100 - i, 0]),
    ]);
    const pulled = await q.pull({ batchSize: 100 });
    expect(pulled.messages.map((m) => m.id)).toEqual(peeked.messages.map((m) => m.id));
  });
});
