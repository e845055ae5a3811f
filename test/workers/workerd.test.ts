// The proof in workerd, not in a mock: a Worker (worker.ts) whose binding producer feeds a Miniflare
// queue that its `queue` export (toWorkerQueue) consumes, and, in Node, the same producer function
// and the same handler module (orders.ts) through q.producer() and q.consumeBatches against the
// emulator. Both must see the same deliveries, settle each the same way, and dead-letter the same
// messages. workerd comes from the npm registry (Miniflare, through npx; cached after the first run).
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { createEmulator } from "../../src/emulator/index.js";
import { QueuesClient } from "../../src/index.js";
import "../../src/consumer/index.js";
import "../../src/producer/index.js";
// @ts-expect-error plain JavaScript, shared with the runtime matrix (npm run runtimes)
import { startWorker } from "../../scripts/runtimes/runtimes.mjs";
import { until } from "../consumer/harness.js";
import { handleOrders, journal, ORDERS, orderOptions, produceOrders } from "./orders.js";

interface Settle {
  n: unknown;
  attempts: number;
  verb: string;
}
interface Run {
  produced: boolean[];
  seen: typeof journal;
  settled: Settle[];
  dead: unknown[];
}

const byDelivery = (a: Settle, b: Settle) =>
  String(a.n).localeCompare(String(b.n)) || a.attempts - b.attempts;
const sorted = ({ produced, seen, settled, dead }: Run) => ({
  produced,
  seen: seen
    .map(({ attempts, body }) => ({ n: body.n, attempts, body }))
    .sort(byDelivery as never)
    .map(({ attempts, body }) => ({ attempts, body })),
  settled: [...settled].sort(byDelivery),
  dead: dead.map(String).sort(),
});

/** A fetch on the emulator that notes, from the pulls' answers and the /ack requests, how each delivery was settled. */
function notingFetch(emulator: ReturnType<typeof createEmulator>) {
  const settled: Settle[] = [];
  const leases = new Map<string, { n: unknown; attempts: number }>();
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const response = await emulator.fetch(input, init);
    if (!url.includes("/queues/orders/")) return response;
    if (url.endsWith("/messages/pull")) {
      const { result } = (await response.clone().json()) as {
        result: { messages: { lease_id: string; body: string; attempts: number }[] };
      };
      for (const { lease_id, body, attempts } of result.messages)
        leases.set(lease_id, { n: (JSON.parse(atob(body)) as { n: unknown }).n, attempts });
    }
    if (url.endsWith("/messages/ack")) {
      const { acks = [], retries = [] } = JSON.parse(init!.body as string) as Record<
        string,
        { lease_id: string }[]
      >;
      for (const [verb, list] of [
        ["ack", acks],
        ["retry", retries],
      ] as const)
        for (const { lease_id } of list!) settled.push({ ...leases.get(lease_id)!, verb });
    }
    return response;
  }) as typeof globalThis.fetch;
  return { fetch, settled };
}

/** Node: q.producer() and q.consumeBatches(handleOrders) against the emulator. */
async function inNode(): Promise<Run> {
  journal.length = 0;
  const emulator = createEmulator({
    queues: { orders: { max_retries: 3, dead_letter_queue: "orders-dlq" } },
  });
  const noting = notingFetch(emulator);
  const client = new QueuesClient({ accountId: "acc", apiToken: "t", fetch: noting.fetch });
  const orders = client.queue("orders");
  const produced = await produceOrders(orders.producer());
  const consumer = orders.consumeBatches(handleOrders, {
    ...orderOptions,
    batchSize: 100,
    concurrency: 1,
    maxPulls: 1,
    idleBackoff: { minMs: 10, maxMs: 50 },
  });
  const backlog = (queue: string) => emulator.metrics(queue)?.backlog_count ?? 0;
  await until(() => backlog("orders") === 0 && backlog("orders-dlq") === 2, 20_000, "the orders to settle");
  await consumer.stop();
  const dlq = await client.queue("orders-dlq").pull({ batchSize: 10 });
  return {
    produced,
    seen: [...journal],
    settled: noting.settled,
    dead: dlq.messages.map((m) => (m.body as { n: unknown }).n),
  };
}

/** workerd: the Worker, its binding producer and its queue consumer, under Miniflare. */
async function inWorkerd(expectedSettles: number): Promise<Run> {
  const bundled = await build({
    entryPoints: [new URL("worker.ts", import.meta.url).pathname],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    write: false,
    logLevel: "silent",
  });
  const worker = await startWorker(bundled.outputFiles[0]!.text, {
    queueProducers: { ORDERS: { queueName: "orders" } },
    queueConsumers: {
      orders: { maxBatchSize: 100, maxBatchTimeout: 1, maxRetries: 3, deadLetterQueue: "orders-dlq" },
      "orders-dlq": { maxBatchSize: 100, maxBatchTimeout: 1 },
    },
  });
  stopWorker = worker.stop;
  const report = async () => (await (await fetch(worker.url)).json()) as Omit<Run, "produced">;
  const produced = (await (
    await fetch(new URL("/produce", worker.url), { method: "POST" })
  ).json()) as boolean[];
  let last = await report();
  const deadline = Date.now() + 60_000;
  while (last.settled.length < expectedSettles || last.dead.length < 2) {
    if (Date.now() > deadline)
      throw new Error(`workerd did not settle the orders:\n${JSON.stringify(last)}\n${worker.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = await report();
  }
  // One more batch window: a delivery the Node side did not have would show up here.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return { produced, ...(await report()) };
}

let stopWorker: (() => Promise<void>) | undefined;
afterAll(async () => stopWorker?.());

describe("one handler module, two transports: workerd (binding, queue export) and Node (HTTP, consumeBatches)", () => {
  it("both see the same deliveries, settle each the same way, and dead-letter the same messages", async () => {
    const node = sorted(await inNode());
    const workerd = sorted(await inWorkerd(node.settled.length));

    // What happened, by the plans in orders.ts (so that two empty runs cannot agree).
    expect(node.produced).toEqual(ORDERS.map(() => true));
    expect(node.settled.map(({ n, attempts, verb }) => `${n}@${attempts}:${verb}`)).toEqual([
      "1@1:ack",
      "2@1:retry",
      "2@2:ack",
      "3@1:retry", // the batch threw
      "3@2:retry", // retryAll (the ackAll after it changed nothing)
      "3@3:ack", // ackAll
      "4@1:retry",
      "4@2:ack",
      "5@1:retry",
      "5@2:retry",
      "5@3:retry",
      "5@4:retry",
      "7@1:ack",
      "8@1:retry",
      "8@2:retry",
      "8@3:retry",
      "8@4:ack", // resolved: the unsettled message is acked
      "six@1:retry", // invalid (onInvalid "retry"), never seen by the handler
      "six@2:retry",
      "six@3:retry",
      "six@4:retry",
    ]);
    expect(node.dead).toEqual(["5", "six"]);
    expect(node.seen).toContainEqual({
      attempts: 2,
      body: { n: 2, plan: ["retry", "ack"], note: "héllo wörld, 日本語, 🎉" },
    });
    expect(node.seen.find(({ body }) => body.n === 1)!.body.note).toBe("none"); // the schema's default

    expect(workerd).toEqual(node);
    expect(workerd.seen.length).toBe(17);
  }, 300_000);
});
