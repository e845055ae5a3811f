// `cfq tail` against `cfq serve`: it prints each message and acknowledges it, gives it back with
// --release, and stops cleanly on Ctrl-C (SIGINT) or SIGTERM, holding no lease.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { bin, cleanEnv, records, serveForTheseTests, standIn, start } from "./cli.js";

const server = serveForTheseTests();

let queues = 0;
async function queueWith(count: number) {
  const queue = `tail${++queues}`;
  const q = server.client.queue(queue);
  for (let i = 0; i < count; i += 100) {
    const size = Math.min(100, count - i);
    await q.sendBatch(Array.from({ length: size }, (_, j) => ({ body: { n: i + j + 1 } })));
  }
  return queue;
}

/** Every message available now, pulled (and leased) until the queue answers none. */
async function availableNow(queue: string) {
  const found = [];
  for (;;) {
    const { messages } = await server.client
      .queue(queue)
      .pull({ batchSize: 100, visibilityTimeoutMs: 60_000 });
    if (messages.length === 0) return found;
    found.push(...messages);
  }
}

const lines = (text: string) => text.split("\n").filter((line) => line !== "");

describe("cfq tail", () => {
  it.each(["SIGINT", "SIGTERM"] as const)(
    "prints each message, acknowledges it, and on %s stops and exits 0",
    async (signal) => {
      const queue = await queueWith(5);
      const tail = start(["tail", queue, ...server.local]);
      await tail.line(/\{"n":5\}$/);
      tail.child.kill(signal);
      const ran = await tail.done;
      expect(ran.code).toBe(0);
      expect(lines(ran.stdout)).toEqual(
        [1, 2, 3, 4, 5].map((n) =>
          expect.stringMatching(new RegExp(`^\\w+  attempts=1  json  \\{"n":${n}\\}$`)),
        ),
      );
      expect(lines(ran.stderr)).toEqual([
        `cfq tail: consuming ${queue} at ${server.url}, acknowledging each message once printed; Ctrl-C stops`,
        "cfq tail: stopped: printed 5, acknowledged 5",
      ]);
      expect(await availableNow(queue)).toEqual([]);
      expect((await server.client.queue(queue).pull()).backlogCount).toBe(0);
    },
  );

  it("Ctrl-C while it holds leases (its reader fell behind): what it printed is acknowledged, the rest is available again, none leased", async () => {
    const total = 3000;
    const queue = await queueWith(total);
    const child = spawn(process.execPath, [bin, "tail", queue, ...server.local], {
      stdio: ["ignore", "pipe", "pipe"],
      env: cleanEnv(),
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    // Read the first chunk, then nothing: the pipe fills, and tail waits with messages leased.
    let stdout = await new Promise<string>((resolve) => child.stdout.once("data", (d) => resolve(String(d))));
    child.stdout.pause();
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill("SIGINT");
    child.stdout.on("data", (d) => (stdout += d));
    child.stdout.resume();
    expect(await exited).toBe(0);

    const printed = lines(stdout).map((line) => JSON.parse(/  json  (.*)$/.exec(line)![1]!).n as number);
    expect(printed.length).toBeGreaterThan(0);
    expect(printed.length).toBeLessThan(total); // stopped mid-way
    expect(stderr).toContain(`cfq tail: stopped: printed ${printed.length}, acknowledged ${printed.length}`);
    const left = (await availableNow(queue)).map((m) => (m.body as { n: number }).n);
    // every message is either printed (and gone) or available now: none is held by a lease
    expect(left.length).toBe(total - printed.length);
    expect([...printed, ...left].sort((a, b) => a - b)).toEqual(
      Array.from({ length: total }, (_, i) => i + 1),
    );
  });

  it("--json prints the same object per message as cfq pull --json", async () => {
    const queue = await queueWith(2);
    const tail = start(["tail", queue, "--json", ...server.local]);
    await tail.line(/"n":2/);
    tail.child.kill("SIGINT");
    const ran = await tail.done;
    expect(ran.code).toBe(0);
    expect(ran.stderr).toBe("");
    const printed = records(ran.stdout);
    expect(printed.map((r) => Object.keys(r))).toEqual([
      ["id", "body", "attempts", "leaseId", "timestamp", "contentType"],
      ["id", "body", "attempts", "leaseId", "timestamp", "contentType"],
    ]);
    expect(printed.map((r) => [r.body, r.attempts, r.contentType])).toEqual([
      [{ n: 1 }, 1, "json"],
      [{ n: 2 }, 1, "json"],
    ]);
  });

  it("--release gives each message back instead, and stops by itself once one comes round again", async () => {
    const queue = await queueWith(3);
    const ran = await start(["tail", queue, "--release", ...server.local]).done;
    expect(ran.code).toBe(0);
    expect(lines(ran.stdout).map((line) => /  json  (.*)$/.exec(line)![1])).toEqual([
      '{"n":1}',
      '{"n":2}',
      '{"n":3}',
    ]);
    expect(lines(ran.stderr).at(-1)).toMatch(
      /^cfq tail: stopped \(message \w+ came round again\): printed 3, gave back \d+$/,
    );
    const left = await availableNow(queue);
    expect(left.map((m) => m.body)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    for (const message of left) expect(message.attempts).toBeGreaterThan(1);
  });

  it("--batch N is the size of its pulls (100 unless given)", async () => {
    const stub = await standIn(({ operation }) =>
      operation === "/pull" ? { result: { messages: [], message_backlog_count: 0 } } : { result: {} },
    );
    try {
      for (const [args, size] of [
        [["--batch", "7"], 7],
        [[], 100],
      ] as const) {
        const tail = start(["tail", "q", ...args, ...stub.local]);
        while (!stub.requests.some((r) => r.operation === "/pull" && r.body.batch_size === size)) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        tail.child.kill("SIGINT");
        expect((await tail.done).code).toBe(0);
      }
      expect(new Set(stub.requests.map((r) => r.body.batch_size))).toEqual(new Set([7, 100]));
    } finally {
      await stub.close();
    }
  });
});
