// Emulator cost against the backlog: median µs of one in-process pull of 10 plus their ack with
// 1,000 / 100,000 / 1,000,000 messages queued, median µs of one peek of 10 at 1,000,000 against
// 1,000, heap per queued 100-byte message at 1,000,000, and the
// worst single request after a mass event (leases ending together, messages passing retention
// together, dead-lettering into a long dead-letter queue) at 1,000,000 (400,000) against 1,000.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { QueuesClient } from "../dist/src/index.js";
import { createEmulator } from "../dist/src/emulator/index.js";

const BODY = { p: "x".repeat(92) }; // {"p":"xxx…"} is 100 bytes of JSON

/**
 * A client of the emulator without the client's pacing (`rateLimit: false`): the benchmarks push
 * far more than the account's 1,200 pushes per 5 minutes, and pacing would make them wait for it.
 */
const clientOf = (emulator) =>
  new QueuesClient({ accountId: "a", apiToken: "t", fetch: emulator.fetch, rateLimit: false });

async function fill(queue, count) {
  const batch = Array.from({ length: 100 }, () => ({ body: BODY }));
  for (let sent = 0; sent < count; sent += 100) await queue.sendBatch(batch, { maxRetries: 0 });
}

/** Median µs of a pull of 10 + ack, with `backlog` messages queued (kept constant by refilling, untimed). */
export async function pullAckMicros(backlog, iterations) {
  const emulator = createEmulator();
  const queue = clientOf(emulator).queue("q");
  await fill(queue, backlog);
  // Filling leaves a collector's worth of work behind (a million fresh objects to mark); do it now,
  // so that it does not land inside the measurement for one backlog and not another.
  globalThis.gc?.();
  const refill = Array.from({ length: 10 }, () => ({ body: BODY }));
  const samples = [];
  for (let i = 0; i < iterations + 200; i++) {
    const started = performance.now();
    const { messages } = await queue.pull({ batchSize: 10 });
    await queue.ack({ acks: messages });
    const elapsed = performance.now() - started;
    if (i >= 200) samples.push(elapsed * 1000); // the first 200 warm up
    await queue.sendBatch(refill);
  }
  if (emulator.metrics("q").backlog_count !== backlog) throw new Error("the backlog drifted");
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

/**
 * Median µs of a peek of 10 with `backlog` messages queued. A peek changes nothing, so the backlog
 * stays as it is; 100 of its messages had leases that ended, so they wait in the availability heap
 * and the peek reads the heap as well as the list.
 */
export async function peekMicros(backlog, iterations) {
  let now = Date.UTC(2026, 0, 1);
  const emulator = createEmulator({}, { now: () => now });
  const queue = clientOf(emulator).queue("q");
  await fill(queue, backlog);
  await queue.pull({ batchSize: 100, visibilityTimeoutMs: 1000 });
  now += 1000;
  globalThis.gc?.();
  const samples = [];
  for (let i = 0; i < iterations + 200; i++) {
    const started = performance.now();
    const { messages } = await queue.peek({ batchSize: 10 });
    const elapsed = performance.now() - started;
    if (messages.length !== 10) throw new Error(`peeked ${messages.length} messages, not 10`);
    if (i >= 200) samples.push(elapsed * 1000); // the first 200 warm up
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

/**
 * The worst single request after a mass event, in ms: the event is made due for `size` messages at
 * once, then one request is timed. A request's work is bounded, so this should barely depend on `size`.
 * - expiry: `size` leases end together (each message is due again), then one pull of 10;
 * - retention: `size` messages pass retention together, then one push;
 * - dead-letter: one retry of 100 messages on their last attempt, into a dead-letter queue that
 *   holds `size` newer messages (a dead-lettered message keeps its older timestamp).
 */
export async function worstRequestMs(scenario, size) {
  let now = Date.UTC(2026, 0, 1);
  const settings = {
    expiry: {},
    retention: { message_retention_period: 60 },
    "dead-letter": { max_retries: 0, dead_letter_queue: "dlq" },
  }[scenario];
  const emulator = createEmulator({ queues: { q: settings } }, { now: () => now });
  const client = clientOf(emulator);
  const q = client.queue("q");
  let request;
  if (scenario === "expiry") {
    await fill(q, size);
    for (let leased = 0; leased < size; leased += 100)
      await q.pull({ batchSize: 100, visibilityTimeoutMs: 1000 });
    now += 1000;
    request = () => q.pull({ batchSize: 10 });
  } else if (scenario === "retention") {
    await fill(q, size);
    now += 60_000;
    request = () => q.send(BODY);
  } else {
    await fill(q, 100);
    const { messages } = await q.pull({ batchSize: 100 });
    now += 1;
    await fill(client.queue("dlq"), size);
    request = () => q.ack({ retries: messages });
  }
  // The setup's garbage is not the request's: collect it, and give V8 time to finish sweeping (it
  // sweeps lazily after a full collection, and the first allocations would otherwise wait for it).
  globalThis.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const started = performance.now();
  await request();
  return performance.now() - started;
}

const WORST = {
  expiry_pull_ms: ["expiry", 1e6],
  retention_request_ms: ["retention", 1e6],
  dead_letter_100_ms: ["dead-letter", 4e5],
};

/** Runs one measurement in a fresh child process, so that one backlog's garbage never slows another. */
function inChild(args, execArgv = []) {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), args, { execArgv });
    child.once("message", resolve);
    child.once("error", reject);
    child.once("exit", (code) => code && reject(new Error(`${args.join(" ")} exited with ${code}`)));
  });
}

/** Heap growth per queued message at `count`, measured with a forced GC before and after. */
export const heapPerMessage = (count) => inChild(["--heap", String(count)], ["--expose-gc"]);

async function measureHeap(count) {
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  const emulator = createEmulator();
  const queue = clientOf(emulator).queue("q");
  await fill(queue, count);
  globalThis.gc();
  const after = process.memoryUsage().heapUsed;
  if (emulator.metrics("q").backlog_count !== count) throw new Error("not all messages were queued");
  process.send((after - before) / count);
}

export async function benchEmulator({ quick = false } = {}) {
  const iterations = quick ? 1_000 : 3_000;
  const rounds = quick ? 1 : 3; // interleaved: a noisy moment of a shared machine hits every backlog alike
  const backlogs = { pull_ack_us_1e3: 1e3, pull_ack_us_1e5: 1e5, pull_ack_us_1e6: 1e6 };
  const samples = Object.fromEntries(Object.keys(backlogs).map((key) => [key, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [key, backlog] of Object.entries(backlogs)) {
      samples[key].push(await inChild(["--pull-ack", String(backlog), String(iterations)], ["--expose-gc"]));
    }
  }
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const result = Object.fromEntries(
    Object.entries(samples).map(([key, values]) => [key, +median(values).toFixed(2)]),
  );
  result.scaling_1e6_vs_1e3 = +(result.pull_ack_us_1e6 / result.pull_ack_us_1e3).toFixed(3);

  const peeks = { 1e3: [], 1e6: [] };
  for (let round = 0; round < rounds; round++) {
    for (const backlog of [1e3, 1e6]) {
      peeks[backlog].push(await inChild(["--peek", String(backlog), String(iterations)], ["--expose-gc"]));
    }
  }
  result.peek_us_1e3 = +median(peeks[1e3]).toFixed(2);
  result.peek_us_1e6 = +median(peeks[1e6]).toFixed(2);
  result.peek_us_1e6_vs_1e3 = +(result.peek_us_1e6 / result.peek_us_1e3).toFixed(3);
  result.heap_bytes_per_msg = Math.round(await heapPerMessage(1_000_000));

  // The worst single request, at 1,000,000 (400,000 for dead-lettering) and at 1,000; its ratio is
  // the largest of the three scenarios'.
  const worst = {};
  for (let round = 0; round < rounds; round++) {
    for (const [key, [scenario, size]] of Object.entries(WORST)) {
      for (const [label, n] of [
        [`${key}_${size.toExponential().replace("+", "")}`, size],
        [`${key}_1e3`, 1e3],
      ]) {
        (worst[label] ??= []).push(await inChild(["--worst", scenario, String(n)], ["--expose-gc"]));
      }
    }
  }
  let ratio = 0;
  for (const [key, [, size]] of Object.entries(WORST)) {
    const big = median(worst[`${key}_${size.toExponential().replace("+", "")}`]);
    const small = median(worst[`${key}_1e3`]);
    result[`${key}_${size.toExponential().replace("+", "")}`] = +big.toFixed(3);
    result[`${key}_1e3`] = +small.toFixed(3);
    ratio = Math.max(ratio, big / small);
  }
  result.worst_request_1e6_vs_1e3 = +ratio.toFixed(3);
  return result;
}

const [mode, first, second] = process.argv.slice(2);
if (mode === "--heap") await measureHeap(Number(first));
else if (mode === "--worst") {
  for (let i = 0; i < 5; i++) await worstRequestMs(first, 1e3); // warms the JIT up, the same in every child
  process.send(await worstRequestMs(first, Number(second)));
} else if (mode === "--peek") {
  await peekMicros(1e3, 1_000); // warms the JIT up, the same in every child
  process.send(await peekMicros(Number(first), Number(second)));
} else if (mode === "--pull-ack") {
  await pullAckMicros(1e3, 1_000); // warms the JIT up, the same in every child
  process.send(await pullAckMicros(Number(first), Number(second)));
} else if (import.meta.url === `file://${process.argv[1]}`)
  console.log(await benchEmulator({ quick: process.argv.includes("--quick") }));
