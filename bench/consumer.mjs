// The consumer against `cfq serve` over HTTP, with a delay injected on every operation: q.consume
// (concurrency 200, otherwise its defaults) beside the hand-written reference runner and the naive
// loop, at 50 ms and at 0 ms (the CPU-bound case); its requests per 100 messages; and its idle
// pull rate against an empty queue once the backoff has settled. Each round fills a fresh queue
// per runner; ratios are taken within a round; the median of the rounds is reported.
import "../dist/src/consumer/index.js";
import { QueuesClient } from "../dist/src/index.js";
import { naiveLoop, referenceRunner } from "./consumer-reference.mjs";
import { startCfqServe } from "./serve.mjs";

const BODY = { pad: "x".repeat(190) }; // 200 B of JSON
/**
 * A 1 ms async handler that reads the message's body, as every real handler does. (cfq's consumer
 * decodes each body before its handler starts, so that one that cannot be decoded takes the invalid
 * path instead; a handler that never read it would leave the reference that work undone.)
 */
const handler = (message) => {
  if (message.body === undefined) throw new Error(`message ${message.id} has no body`);
  return new Promise((resolve) => setTimeout(resolve, 1));
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function clientFor(url) {
  // The queues here push far more than Cloudflare's account budget would let through: no pacing.
  return new QueuesClient({ accountId: "bench", apiToken: "t", baseUrl: url, rateLimit: false });
}

async function fill(queue, total) {
  const batch = Array.from({ length: 100 }, () => ({ body: BODY }));
  let sent = 0;
  const worker = async () => {
    while (sent < total) {
      sent += 100;
      await queue.sendBatch(batch);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/** Messages per second of q.consume draining `total`, and its requests per 100 messages. */
async function runConsumer(queue, total) {
  const started = performance.now();
  let consumer;
  await new Promise((resolve) => {
    let handled = 0;
    // One reaction per message to count it, as the reference's Promise.all has (an async wrapper
    // would cost two more microtask turns per message that the reference does not pay).
    const counted = () => {
      if (++handled === total) resolve();
    };
    consumer = queue.consume((message) => handler(message).then(counted), { concurrency: 200 });
  });
  const seconds = (performance.now() - started) / 1000;
  const stats = await consumer.stop();
  return {
    perSecond: total / seconds,
    requestsPer100: ((stats.pulls + stats.ackCalls) / stats.pulled) * 100,
  };
}

async function runReference(queue, total) {
  const started = performance.now();
  await referenceRunner(queue, { total, handler });
  return total / ((performance.now() - started) / 1000);
}

async function fillAnd(queue, total, run) {
  await fill(queue, total);
  return run(queue, total);
}

/** One server at `delayMs`: rounds of cfq and the reference, each on a fresh queue of `total`. */
async function compare({ delayMs, total, rounds }) {
  const server = await startCfqServe({ delayMs });
  const client = clientFor(server.url);
  try {
    // A round that is not counted, so that neither runner pays the JIT's warm-up in a counted one
    // (the runner going first in the first round otherwise did: cfq's code is the larger).
    const warmUp = Math.ceil(total / 5);
    await fillAnd(client.queue(`cfq-${delayMs}-warm-up`), warmUp, runConsumer);
    await fillAnd(client.queue(`ref-${delayMs}-warm-up`), warmUp, runReference);
    const results = [];
    for (let round = 0; round < rounds; round++) {
      // Each runner gets its queue filled right before it runs: filling leaves garbage that the next
      // run's collections pay for, and each runner must pay for its own fill, not the other's.
      const ours = () => fillAnd(client.queue(`cfq-${delayMs}-${round}`), total, runConsumer);
      const theirs = () => fillAnd(client.queue(`ref-${delayMs}-${round}`), total, runReference);
      // Alternate who goes first, so that neither always meets a warmer machine.
      const cfqFirst = round % 2 === 0;
      const a = cfqFirst ? await ours() : undefined;
      const reference = await theirs();
      const cfq = a ?? (await ours());
      results.push({
        cfq: cfq.perSecond,
        reference,
        ratio: cfq.perSecond / reference,
        requestsPer100: cfq.requestsPer100,
      });
    }
    return {
      cfq: median(results.map((r) => r.cfq)),
      reference: median(results.map((r) => r.reference)),
      ratio: median(results.map((r) => r.ratio)),
      requestsPer100: median(results.map((r) => r.requestsPer100)),
    };
  } finally {
    server.stop();
  }
}

/** The naive loop at 50 ms, for `seconds`. */
async function naive(seconds) {
  const server = await startCfqServe({ delayMs: 50 });
  try {
    const queue = clientFor(server.url).queue("naive");
    await fill(queue, 2_000);
    const handled = await naiveLoop(queue, { seconds, handler });
    return handled / seconds;
  } finally {
    server.stop();
  }
}

/** Pulls per minute of an idle consumer (default options) against an empty queue, once its backoff settled. */
async function idleRate({ settleSeconds, windowSeconds }) {
  const server = await startCfqServe();
  try {
    const consumer = clientFor(server.url)
      .queue("idle")
      .consume(async () => {});
    await new Promise((resolve) => setTimeout(resolve, settleSeconds * 1000));
    const before = consumer.stats().pulls;
    await new Promise((resolve) => setTimeout(resolve, windowSeconds * 1000));
    const perMinute = ((consumer.stats().pulls - before) / windowSeconds) * 60;
    await consumer.stop();
    return perMinute;
  } finally {
    server.stop();
  }
}

export async function benchConsumer({ quick = false } = {}) {
  const total = quick ? 20_000 : 100_000;
  const rounds = quick ? 1 : 3;
  // The idle consumer barely uses a core: it runs beside the throughput rounds.
  const idle = idleRate({ settleSeconds: 15, windowSeconds: quick ? 15 : 60 });
  const at50 = await compare({ delayMs: 50, total, rounds });
  // The CPU-bound case is the noisier one (a run takes a second or two, not minutes, and this
  // machine's speed drifts within seconds), and its rounds are cheap: more of them steady the median.
  const at0 = await compare({ delayMs: 0, total, rounds: quick ? 1 : 9 });
  const naivePerSecond = await naive(quick ? 3 : 10);
  return {
    msgs_per_s_50ms: Math.round(at50.cfq),
    reference_msgs_per_s_50ms: Math.round(at50.reference),
    vs_reference_50ms: +at50.ratio.toFixed(3),
    naive_msgs_per_s_50ms: Math.round(naivePerSecond),
    requests_per_100_msgs: +at50.requestsPer100.toFixed(2),
    idle_pulls_per_min: +(await idle).toFixed(1),
    msgs_per_s_0ms: Math.round(at0.cfq),
    reference_msgs_per_s_0ms: Math.round(at0.reference),
    vs_reference_0ms: +at0.ratio.toFixed(3),
  };
}

if (import.meta.url === `file://${process.argv[1]}`)
  console.log(await benchConsumer({ quick: process.argv.includes("--quick") }));
