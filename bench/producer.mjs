// The producer against `cfq serve` over HTTP, with 50 ms injected on every operation (a remote API's
// latency) and the rate limiter off: 20,000 messages of 200 B given to `producer.send()` one call
// each, awaiting nothing until the end, against a hand-written loop of `sendBatch` of 100 with the
// same concurrency. The server runs in its own process. Ratios are taken within each round, and the
// median of the rounds is reported; also the naive way, one `await send()` per message.
import { QueuesClient } from "../dist/src/index.js";
import "../dist/src/producer/index.js";
import { bundleSize } from "./bundle-size.mjs";
import { startCfqServe } from "./serve.mjs";

const MESSAGES = 20_000;
const CONCURRENCY = 4;
const LATENCY_MS = 50;
const BODY = { p: "x".repeat(192) }; // {"p":"xxx…"} is 200 bytes of JSON

const clientOf = (url) =>
  new QueuesClient({ accountId: "bench", apiToken: "t", baseUrl: url, rateLimit: false });
const perSecond = (count, started) => Math.round(count / ((performance.now() - started) / 1000));

/** `producer.send()` once per message, every promise kept and awaited at the end. */
async function viaProducer(url, queue, count) {
  const producer = clientOf(url).queue(queue).producer({ concurrency: CONCURRENCY });
  const started = performance.now();
  const sends = [];
  for (let i = 0; i < count; i++) sends.push(producer.send(BODY));
  await Promise.all(sends);
  const msgsPerS = perSecond(count, started);
  await producer.close();
  return { msgsPerS, requests: producer.stats().requests };
}

/** What a careful user writes by hand: batches of 100, `CONCURRENCY` loops each sending the next one. */
async function reference(url, queue, count) {
  const q = clientOf(url).queue(queue);
  const batch = Array.from({ length: 100 }, () => ({ body: BODY }));
  let taken = 0;
  const loop = async () => {
    while (taken < count) {
      taken += 100;
      await q.sendBatch(batch);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  return perSecond(count, started);
}

/** One request per message, one at a time: what `send` in a loop costs. */
async function naive(url, count) {
  const q = clientOf(url).queue("naive");
  const started = performance.now();
  for (let i = 0; i < count; i++) await q.send(BODY);
  return perSecond(count, started);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function benchProducer({ quick = false } = {}) {
  const rounds = quick ? 2 : 5;
  const server = await startCfqServe({ delayMs: LATENCY_MS });
  try {
    await viaProducer(server.url, "warm-p", 2_000);
    await reference(server.url, "warm-r", 2_000);
    const produced = [];
    const referenced = [];
    const ratios = [];
    const requests = [];
    for (let round = 0; round < rounds; round++) {
      // alternate which goes first, so that a drift of this shared machine hits both alike
      const runProducer = () => viaProducer(server.url, `p${round}`, MESSAGES);
      const runReference = () => reference(server.url, `r${round}`, MESSAGES);
      let p, r;
      if (round % 2 === 0) [p, r] = [await runProducer(), await runReference()];
      else [r, p] = [await runReference(), await runProducer()];
      produced.push(p.msgsPerS);
      referenced.push(r);
      ratios.push(p.msgsPerS / r);
      requests.push(p.requests);
    }
    return {
      msgs_per_s_50ms: median(produced),
      requests: Math.max(...requests),
      reference_msgs_per_s_50ms: median(referenced),
      vs_reference_50ms: +median(ratios).toFixed(3),
      naive_msgs_per_s_50ms: await naive(server.url, quick ? 20 : 100),
      bundle_gzip_bytes: (await bundleSize("producer")).gzip,
    };
  } finally {
    server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  console.log(await benchProducer({ quick: process.argv.includes("--quick") }));
