// End to end over loopback HTTP: producers sendBatch 100 messages of 100 bytes, consumers pull 100
// and ack them, for a fixed number of messages; against `cfq serve`, then against a bare server
// that answers the same requests with fixed replies. The server runs in its own process (one core),
// the load in this one (the other core).
import { fileURLToPath } from "node:url";
import { QueuesClient } from "../dist/src/index.js";
import { CLI, startServer } from "./serve.mjs";

/** 4 producers and 4 consumers: enough requests in flight to keep a one-core server busy. */
export const CONCURRENCY = { producers: 4, consumers: 4 };

async function load(url, total) {
  const queue = new QueuesClient({
    accountId: "bench",
    apiToken: "t",
    baseUrl: url,
    rateLimit: false, // thousands of pushes a second, against a local server
  }).queue("e2e");
  const batch = Array.from({ length: 100 }, () => ({ body: { p: "x".repeat(92) } }));
  let produced = 0;
  let consumed = 0;
  const started = performance.now();
  const producer = async () => {
    while (produced < total) {
      produced += 100;
      await queue.sendBatch(batch);
    }
  };
  const consumer = async () => {
    while (consumed < total) {
      const { messages } = await queue.pull({ batchSize: 100 });
      if (messages.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        continue;
      }
      consumed += messages.length;
      await queue.ack({ acks: messages });
    }
  };
  await Promise.all([
    ...Array.from({ length: CONCURRENCY.producers }, producer),
    ...Array.from({ length: CONCURRENCY.consumers }, consumer),
  ]);
  return Math.round(total / ((performance.now() - started) / 1000));
}

async function measure(args, total) {
  const server = await startServer(args);
  try {
    await load(server.url, Math.min(total, 20_000)); // warm-up
    return await load(server.url, total);
  } finally {
    server.stop();
  }
}

export async function benchE2e({ quick = false } = {}) {
  const total = quick ? 50_000 : 200_000;
  const bare = fileURLToPath(new URL("bare-server.mjs", import.meta.url));
  const msgs_per_s = await measure([CLI, "serve", "--port", "0"], total);
  const bare_http_msgs_per_s = await measure([bare], total);
  return {
    msgs_per_s,
    bare_http_msgs_per_s,
    vs_bare: +(msgs_per_s / bare_http_msgs_per_s).toFixed(3),
    ...CONCURRENCY,
  };
}

if (import.meta.url === `file://${process.argv[1]}`)
  console.log(await benchE2e({ quick: process.argv.includes("--quick") }));
