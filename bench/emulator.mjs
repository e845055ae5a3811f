// Emulator cost against the backlog: median µs of one in-process pull of 10 plus their ack with
// 1,000 / 100,000 / 1,000,000 messages queued, and heap per queued 100-byte message at 1,000,000.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { QueuesClient } from "../dist/src/index.js";
import { createEmulator } from "../dist/src/emulator/index.js";

const BODY = { p: "x".repeat(92) }; // {"p":"xxx…"} is 100 bytes of JSON

async function fill(queue, count) {
  const batch = Array.from({ length: 100 }, () => ({ body: BODY }));
  for (let sent = 0; sent < count; sent += 100) await queue.sendBatch(batch, { maxRetries: 0 });
}

/** Median µs of a pull of 10 + ack, with `backlog` messages queued (kept constant by refilling, untimed). */
export async function pullAckMicros(backlog, iterations) {
  const emulator = createEmulator();
  const queue = new QueuesClient({
    accountId: "a",
    apiToken: "t",
    fetch: emulator.fetch,
    rateLimit: false,
  }).queue("q");
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
  const queue = new QueuesClient({
    accountId: "a",
    apiToken: "t",
    fetch: emulator.fetch,
    rateLimit: false,
  }).queue("q");
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
  result.heap_bytes_per_msg = Math.round(await heapPerMessage(1_000_000));
  return result;
}

const [mode, first, second] = process.argv.slice(2);
if (mode === "--heap") await measureHeap(Number(first));
else if (mode === "--pull-ack") {
  await pullAckMicros(1e3, 1_000); // warms the JIT up, the same in every child
  process.send(await pullAckMicros(Number(first), Number(second)));
} else if (import.meta.url === `file://${process.argv[1]}`)
  console.log(await benchEmulator({ quick: process.argv.includes("--quick") }));
