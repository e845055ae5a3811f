// Client overhead: one pull of 10 messages then one ack of them, per client, against the SAME
// in-process fetch handler that answers at once with a fixed, valid envelope.
import Cloudflare from "cloudflare";
import createClient from "openapi-fetch";
import { Bench } from "tinybench";
import { QueuesClient } from "../dist/src/index.js";

const BASE = "http://bench.local/client/v4";
const ACCOUNT = "0123456789abcdef0123456789abcdef";
const QUEUE = "fedcba9876543210fedcba9876543210";
const PATH = `${BASE}/accounts/${ACCOUNT}/queues/${QUEUE}/messages`;

const messages = Array.from({ length: 10 }, (_, i) => ({
  id: `b3f1c2d4e5a6978812ab34cd56ef78${String(i).padStart(2, "0")}`,
  body: Buffer.from(JSON.stringify({ order_id: 4800 + i, action: "ship", note: "x".repeat(40) })).toString(
    "base64",
  ),
  timestamp_ms: 1767225600000 + i,
  attempts: 1,
  lease_id: `eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..lease-${i}-kY3pQ0sV8w1tN4mZ6rXbHg`,
  metadata: { "CF-Content-Type": "json", "CF-sourceMessageSource": "api" },
}));
const metrics = { backlog_count: 12, backlog_bytes: 3950, oldest_message_timestamp_ms: 1767225600000 };
const PULL = JSON.stringify({
  success: true,
  errors: [],
  messages: [],
  result: { message_backlog_count: 12, messages, metadata: { metrics } },
});
const ACK = JSON.stringify({
  success: true,
  errors: [],
  messages: [],
  result: { ackCount: 10, retryCount: 0, warnings: {} },
});
const HEADERS = { "content-type": "application/json" };

/** The one handler every client is given as its fetch. */
export const handler = async (input) => {
  const url = typeof input === "string" ? input : input.url;
  return new Response(url.endsWith("/pull") ? PULL : ACK, { status: 200, headers: HEADERS });
};

const auth = { authorization: "Bearer bench-token", "content-type": "application/json" };

/** The limit no client can beat: fetch(url, init) with a plain init, JSON.parse of the answer. */
async function handwritten() {
  const pulled = JSON.parse(
    await (
      await handler(`${PATH}/pull`, { method: "POST", headers: auth, body: '{"batch_size":10}' })
    ).text(),
  );
  const acks = pulled.result.messages.map((m) => ({ lease_id: m.lease_id }));
  JSON.parse(
    await (
      await handler(`${PATH}/ack`, { method: "POST", headers: auth, body: JSON.stringify({ acks }) })
    ).text(),
  );
}

const raw = createClient({ baseUrl: BASE, fetch: handler, headers: { authorization: "Bearer bench-token" } });
const params = { path: { account_id: ACCOUNT, queue_id: QUEUE } };
async function openapiFetch() {
  const { data } = await raw.POST("/accounts/{account_id}/queues/{queue_id}/messages/pull", {
    params,
    body: { batch_size: 10 },
  });
  const acks = data.result.messages.map((m) => ({ lease_id: m.lease_id }));
  await raw.POST("/accounts/{account_id}/queues/{queue_id}/messages/ack", { params, body: { acks } });
}

const queue = new QueuesClient({
  accountId: ACCOUNT,
  apiToken: "bench-token",
  baseUrl: BASE,
  fetch: handler,
}).queue(QUEUE);
async function cfq() {
  const { messages } = await queue.pull({ batchSize: 10 });
  await queue.ack({ acks: messages });
}

const official = new Cloudflare({ apiToken: "bench-token", baseURL: BASE, fetch: handler, maxRetries: 0 });
async function officialSdk() {
  const { messages } = await official.queues.messages.pull(QUEUE, { account_id: ACCOUNT, batch_size: 10 });
  await official.queues.messages.ack(QUEUE, {
    account_id: ACCOUNT,
    acks: messages.map((m) => ({ lease_id: m.lease_id })),
  });
}

const PAIRS_PER_ITERATION = 50;

export const CLIENTS = { handwritten, openapi_fetch: openapiFetch, cfq, official_sdk: officialSdk };

/** Ops/s (median) of each client, measured side by side, interleaved over several rounds. */
export async function benchClients({ quick = false } = {}) {
  // Many short rounds, each client in turn: this shared machine's speed drifts within seconds, and
  // interleaving makes the drift hit every client alike.
  const rounds = quick ? 8 : 24;
  const samples = Object.fromEntries(Object.keys(CLIENTS).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time: 150, warmupTime: round === 0 ? 500 : 30 });
    // Each iteration runs a run of pairs, so that timer resolution and the benchmark's own
    // per-iteration cost do not dominate a ~50 µs operation.
    for (const [name, fn] of Object.entries(CLIENTS)) {
      bench.add(name, async () => {
        for (let i = 0; i < PAIRS_PER_ITERATION; i++) await fn();
      });
    }
    await bench.run();
    for (const task of bench.tasks) samples[task.name].push(task.result.throughput.p50 * PAIRS_PER_ITERATION);
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const ops = Object.fromEntries(
    Object.entries(samples).map(([name, values]) => [`${name}_ops`, Math.round(median(values))]),
  );
  // Ratios are taken within each round (clients measured moments apart), then the median of those:
  // steadier than a ratio of medians when the machine's speed drifts between rounds.
  const ratio = (a, b) => +median(samples[a].map((value, round) => value / samples[b][round])).toFixed(3);
  return {
    ...ops,
    cfq_vs_handwritten: ratio("cfq", "handwritten"),
    cfq_vs_official: ratio("cfq", "official_sdk"),
  };
}

if (import.meta.url === `file://${process.argv[1]}`)
  console.log(await benchClients({ quick: process.argv.includes("--quick") }));
