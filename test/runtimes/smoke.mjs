// The portable smoke suite: what every runtime cfq supports must run, against the built package
// imported by name, on the in-process emulator (no socket), and over HTTP when a served emulator's
// URL is given. Plain JavaScript with no Node-only API, so that Node, Bun, Deno and workerd all run
// this very file (cli.mjs and worker.mjs are its two doors).
import { QueuesClient, QueuesValidationError } from "cfq";
import { createEmulator } from "cfq/emulator";
import "cfq/consumer";
import "cfq/producer";

/** Bodies with text outside ASCII, in two scripts and an emoji (four UTF-8 bytes). */
const WORLD = "héllo wörld, 日本語, 🎉";

const check = (condition, what) => {
  if (!condition) throw new Error(what);
};
const same = (actual, expected, what) =>
  check(
    JSON.stringify(actual) === JSON.stringify(expected),
    `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
  );

/** A client on a fresh in-process emulator. */
function local() {
  const emulator = createEmulator({ queues: { orders: { max_retries: 3 } } });
  const client = new QueuesClient({ accountId: "smoke", apiToken: "smoke-token", fetch: emulator.fetch });
  return { emulator, client };
}

/** The client's operations on one queue: push, batch push, pull, ack and retry, and their metrics. */
async function operations(q) {
  const sent = await q.send({ order: 1, note: WORLD });
  check(sent.metrics?.backlogCount === 1, "send: the metrics count the message");
  await q.send(WORLD, { contentType: "text" });
  await q.sendBatch([{ body: { order: 2 } }, { body: "two", contentType: "text" }], { delaySeconds: 0 });
  const { messages } = await q.pull({ batchSize: 10, visibilityTimeoutMs: 60_000 });
  same(messages.length, 4, "pull");
  const settled = await q.ack({ acks: messages.slice(0, 3), retries: [{ leaseId: messages[3].leaseId }] });
  same([settled.ackCount, settled.retryCount], [3, 1], "ack and retry");
  const again = await q.pull({ batchSize: 10 });
  same(
    again.messages.map((m) => [m.body, m.attempts]),
    [["two", 2]],
    "the retried message comes again",
  );
  await q.ack({ acks: again.messages });
  same((await q.pull()).metrics?.backlogCount, 0, "the backlog once all is acked");
}

/** json and text bodies with non-ASCII text come back exactly, decoded by their content type. */
async function decoding(q) {
  await q.sendBatch([
    { body: { text: WORLD, nested: { list: [WORLD, 1, true, null] } } },
    { body: WORLD, contentType: "text" },
  ]);
  const { messages } = await q.pull({ batchSize: 10 });
  same(
    messages.map((m) => [m.contentType, m.body]),
    [
      ["json", { text: WORLD, nested: { list: [WORLD, 1, true, null] } }],
      ["text", WORLD],
    ],
    "decoded bodies",
  );
  await q.ack({ acks: messages });
}

/** A consumer drains a few hundred messages, then stops cleanly. */
async function consumer(q, emulator) {
  const total = 300;
  for (let start = 0; start < total; start += 100)
    await q.sendBatch(Array.from({ length: 100 }, (_, i) => ({ body: { n: start + i } })));
  const seen = new Set();
  let drained;
  const done = new Promise((resolve) => (drained = resolve));
  const running = q.consume(
    (message) => {
      seen.add(message.body.n);
      if (seen.size === total) drained();
    },
    { concurrency: 20, idleBackoff: { minMs: 5, maxMs: 20 } },
  );
  await done;
  const stats = await running.stop();
  same(stats.state, "stopped", "the consumer's state after stop()");
  same(stats.acked, total, "messages acked");
  same(emulator.metrics(q.id)?.backlog_count ?? 0, 0, "the backlog after draining");
}

/** A producer sends 250 messages through sendMany, in three batches, each with its result. */
async function producer(q, client) {
  const producer = client.queue(q.id).producer();
  const results = await producer.sendMany(
    (function* () {
      for (let n = 0; n < 250; n++) yield { body: { n, text: WORLD } };
    })(),
  );
  await producer.close();
  same(
    results.every((result) => result.ok),
    true,
    "every sendMany result is ok",
  );
  same(producer.stats().batches, 3, "batches for 250 messages");
  let pulled = 0;
  for (;;) {
    const { messages } = await q.pull({ batchSize: 100 });
    if (messages.length === 0) break;
    pulled += messages.length;
    await q.ack({ acks: messages });
  }
  same(pulled, 250, "messages the producer sent");
}

/** Bad input is refused before sending, with a message that names the field, the value and the limit. */
async function validation(q) {
  let refused;
  try {
    await q.send("a string", { contentType: "json" });
  } catch (error) {
    refused = error;
  }
  check(refused instanceof QueuesValidationError, `expected a QueuesValidationError, got ${refused}`);
  same(
    refused.message,
    'message.body must be a plain JSON object when contentType is "json" (the default); got "a string" (for a string body, pass contentType: "text")',
    "the validation error's message",
  );
}

/**
 * Runs every check; `serveUrl` (and `token`) also runs the client's operations and the decoding
 * over HTTP against an emulator served there (`cfq serve`). Resolves to one line per check.
 * @param {{ serveUrl?: string, token?: string }} [options]
 * @returns {Promise<{ name: string, ok: boolean, ms: number, error?: string }[]>}
 */
export async function runSmoke({ serveUrl, token } = {}) {
  const checks = [
    ["client operations (emulator.fetch)", () => operations(local().client.queue("orders"))],
    ["json and text bodies, non-ASCII (emulator.fetch)", () => decoding(local().client.queue("bodies"))],
    [
      "consumer drains 300 messages, stop()",
      () => {
        const { emulator, client } = local();
        return consumer(client.queue("drain"), emulator);
      },
    ],
    [
      "producer sendMany of 250",
      () => {
        const { client } = local();
        return producer(client.queue("produced"), client);
      },
    ],
    ["validation error", () => validation(local().client.queue("orders"))],
  ];
  if (serveUrl) {
    const served = new QueuesClient({ accountId: "smoke", apiToken: token, baseUrl: serveUrl });
    checks.push(
      ["client operations (cfq serve, over HTTP)", () => operations(served.queue("served"))],
      ["json and text bodies, non-ASCII (cfq serve)", () => decoding(served.queue("served-bodies"))],
    );
  }
  const results = [];
  for (const [name, run] of checks) {
    const started = Date.now();
    try {
      await run();
      results.push({ name, ok: true, ms: Date.now() - started });
    } catch (error) {
      results.push({ name, ok: false, ms: Date.now() - started, error: String(error?.stack ?? error) });
    }
  }
  return results;
}

/** One line per check, as the runner prints them. */
export const describeResult = ({ name, ok, ms, error }) =>
  `${ok ? "ok  " : "FAIL"} ${name} (${ms} ms)${error ? `\n${error}` : ""}`;
