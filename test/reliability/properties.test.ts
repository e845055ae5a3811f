import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { QueuesClient } from "../../src/index.js";
import { createEmulator } from "../../src/emulator/index.js";
import { ModelQueue } from "./model.js";

const MAX_RETRIES = 2;

type Command =
  | { kind: "push"; count: number; delay: number }
  | { kind: "pull"; dlq: boolean; size: number; visibilityMs: number }
  | { kind: "ack"; dlq: boolean; picks: number[] }
  | { kind: "retry"; dlq: boolean; picks: number[]; delay: number }
  | { kind: "wait"; ms: number };

// Weighted towards pulls, waits and retries, so that messages often reach their last delivery.
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("push" as const),
      count: fc.integer({ min: 1, max: 4 }),
      delay: fc.constantFrom(0, 0, 2),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("pull" as const),
      dlq: fc.boolean(),
      size: fc.integer({ min: 1, max: 10 }),
      visibilityMs: fc.constantFrom(1000, 3000, 20_000),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("ack" as const),
      dlq: fc.boolean(),
      picks: fc.uniqueArray(fc.nat(12), { maxLength: 4 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("retry" as const),
      dlq: fc.boolean(),
      picks: fc.uniqueArray(fc.nat(12), { maxLength: 4 }),
      delay: fc.constantFrom(0, 2),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("wait" as const), ms: fc.integer({ min: 0, max: 8000 }) }),
  },
);

async function run(commands: Command[]) {
  let now = Date.UTC(2026, 0, 1);
  const emulator = createEmulator(
    {
      queues: {
        main: { max_retries: MAX_RETRIES, dead_letter_queue: "dlq" },
        dlq: { max_retries: MAX_RETRIES },
      },
    },
    { now: () => now },
  );
  const client = new QueuesClient({ accountId: "a", apiToken: "t", fetch: emulator.fetch, maxRetries: 0 });
  const queues = { main: client.queue("main"), dlq: client.queue("dlq") };
  const dlqModel = new ModelQueue(MAX_RETRIES, undefined);
  const mainModel = new ModelQueue(MAX_RETRIES, dlqModel);
  const seenLeases = { main: [] as string[], dlq: [] as string[] };
  let next = 0;

  const check = () => {
    for (const [name, model] of [
      ["main", mainModel],
      ["dlq", dlqModel],
    ] as const) {
      expect(emulator.metrics(name)?.backlog_count ?? 0, `${name} backlog`).toBe(model.messages.size);
    }
  };

  for (const c of commands) {
    mainModel.advance(now);
    dlqModel.advance(now);
    if (c.kind === "wait") {
      now += c.ms;
      mainModel.advance(now);
      dlqModel.advance(now);
    } else if (c.kind === "push") {
      const bodies = Array.from({ length: c.count }, () => ({ body: { n: next++ } }));
      await queues.main.sendBatch(bodies, { delaySeconds: c.delay });
      for (const { body } of bodies) mainModel.add(body.n, now + c.delay * 1000);
    } else {
      const name = c.dlq ? "dlq" : "main";
      const model = c.dlq ? dlqModel : mainModel;
      if (c.kind === "pull") {
        const expected = Math.min(c.size, model.available(now).length);
        const { messages } = await queues[name].pull({
          batchSize: c.size,
          visibilityTimeoutMs: c.visibilityMs,
        });
        expect(messages).toHaveLength(expected); // nothing visible is withheld, nothing invisible is given
        for (const m of messages) {
          const n = (m.body as { n: number }).n;
          const known = model.messages.get(n);
          expect(known, `message ${n} must exist and be available in ${name}`).toBeDefined();
          expect(known!.state).toBe("available");
          expect(known!.availableAt).toBeLessThanOrEqual(now);
          expect(m.attempts).toBe(known!.attempts + 1); // attempts only grows, by one per delivery
          expect(m.attempts).toBeLessThanOrEqual(MAX_RETRIES + 1);
          model.leased(known!, m.leaseId, now + c.visibilityMs);
          seenLeases[name].push(m.leaseId);
        }
      } else {
        // picks count back from the most recent lease; past the oldest, an unknown lease id
        const leases = c.picks.map(
          (i) => seenLeases[name][seenLeases[name].length - 1 - i] ?? `unknown-${i}`,
        );
        if (c.kind === "ack") {
          const expected = leases.filter((l) => model.ack(l)).length;
          const result = await queues[name].ack({ acks: leases });
          expect(result.ackCount).toBe(expected);
          expect(Object.keys(result.warnings)).toHaveLength(leases.length - expected);
        } else {
          const expected = leases.filter((l) => model.retry(l, now + c.delay * 1000, now)).length;
          const result = await queues[name].ack({
            retries: leases.map((leaseId) => ({ leaseId, delaySeconds: c.delay })),
          });
          expect(result.retryCount).toBe(expected);
          expect(Object.keys(result.warnings)).toHaveLength(leases.length - expected);
        }
      }
    }
    check();
  }

  // No message is lost: long after, everything the model still holds comes out, exactly that.
  for (const [name, model] of [
    ["main", mainModel],
    ["dlq", dlqModel],
  ] as const) {
    now += 3_600_000;
    mainModel.advance(now);
    dlqModel.advance(now);
    const out = new Set<number>();
    for (;;) {
      const { messages } = await queues[name].pull({ batchSize: 100, visibilityTimeoutMs: 43_200_000 });
      if (messages.length === 0) break;
      for (const m of messages) out.add((m.body as { n: number }).n);
      await queues[name].ack({ acks: messages });
    }
    expect(
      [...out].sort((a, b) => a - b),
      `${name} drained`,
    ).toEqual([...model.messages.keys()].sort((a, b) => a - b));
  }
}

describe("the emulator against a reference model (fast-check)", () => {
  it("random push, pull, ack, retry and waiting never lose, resurrect or miscount a message, and a stale retry never counts", async () => {
    await fc.assert(fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 60 }), run), {
      numRuns: 300,
    });
  });
});
