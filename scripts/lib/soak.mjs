// The soak: producers and consumers over HTTP against the emulator, with faults injected on every
// operation. Every message carries a unique id; at the end every id must have been processed at
// least once, none missing, and the queue empty. Used by `npm run soak` and by the bounded soak test.
import { QueuesClient } from "../../dist/src/index.js";
import { createEmulator } from "../../dist/src/emulator/index.js";

const FAULTS = ["429", "500", "503", "drop-before", "drop-after", "not-json", "success-false"];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {{ seconds: number, producers?: number, consumers?: number, rate?: number, seed?: number, drainSeconds?: number }} options
 */
export async function soak({
  seconds,
  producers = 2,
  consumers = 3,
  rate = 0.02,
  seed = 42,
  drainSeconds = 60,
}) {
  const rules = ["push", "batch", "pull", "ack"].flatMap((op) =>
    FAULTS.map((fault) => ({ op, fault, rate, ...(fault === "429" ? { retryAfter: 0 } : {}) })),
  );
  const emulator = createEmulator({
    queues: { soak: { max_retries: 100, visibility_timeout_ms: 500 } },
    faults: { seed, rules },
  });
  const server = await emulator.listen({ port: 0 });
  const client = new QueuesClient({
    accountId: "soak",
    apiToken: "soak-token",
    baseUrl: server.url,
    retryPushes: "always", // at least once: a lost answer is retried, and may duplicate
    maxRetries: 5,
    backoff: { baseMs: 5, capMs: 50 },
    timeoutMs: 5_000,
    rateLimit: false, // thousands of pushes a second, against a local emulator
  });
  const queue = client.queue("soak");
  const sent = new Set();
  const processed = new Map();
  let nextId = 0;
  let unexpected = 0;
  const started = Date.now();
  const produceUntil = started + seconds * 1000;
  let producing = producers;

  async function produce() {
    while (Date.now() < produceUntil) {
      const ids = Array.from({ length: 10 }, () => `m${nextId++}`);
      // The application's side of at-least-once: keep trying until the batch is accepted.
      for (;;) {
        try {
          await queue.sendBatch(ids.map((id) => ({ body: { id, pad: "x".repeat(64) } })));
          break;
        } catch {
          await sleep(5);
        }
      }
      for (const id of ids) sent.add(id);
    }
    producing--;
  }

  const finished = () =>
    producing === 0 && processed.size >= sent.size && emulator.metrics("soak")?.backlog_count === 0;

  async function consume() {
    const giveUp = produceUntil + drainSeconds * 1000;
    while (!finished() && Date.now() < giveUp) {
      let messages;
      try {
        ({ messages } = await queue.pull({ batchSize: 20 }));
      } catch {
        continue; // leased messages of a lost answer come back when their lease ends
      }
      if (messages.length === 0) {
        await sleep(5);
        continue;
      }
      for (const m of messages) {
        const id = m.body?.id;
        if (typeof id !== "string") unexpected++;
        else processed.set(id, (processed.get(id) ?? 0) + 1);
      }
      await queue.ack({ acks: messages }).catch(() => {}); // an unacked message is redelivered: a duplicate, not a loss
    }
  }

  await Promise.all([
    ...Array.from({ length: producers }, produce),
    ...Array.from({ length: consumers }, consume),
  ]);
  const backlog = emulator.metrics("soak")?.backlog_count ?? 0;
  await server.close();

  let deliveries = 0;
  for (const count of processed.values()) deliveries += count;
  const missing = [...sent].filter((id) => !processed.has(id)).length;
  for (const id of processed.keys()) if (!sent.has(id)) unexpected++;
  return {
    seconds: (Date.now() - started) / 1000,
    sent: sent.size,
    processed: processed.size,
    deliveries,
    duplicates: deliveries - processed.size,
    missing,
    unexpected,
    backlog,
  };
}

export function summary(r) {
  return `soak: ${r.seconds.toFixed(1)} s, sent ${r.sent}, processed ${r.processed}, duplicates ${r.duplicates}, missing ${r.missing}, unexpected ${r.unexpected}, backlog ${r.backlog}`;
}
