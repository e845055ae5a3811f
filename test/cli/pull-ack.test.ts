// `cfq pull` and `cfq ack` against `cfq serve`: the lines a person reads, the --json a script reads
// (checked field by field), and what each flag does to the queue.
import { describe, expect, it } from "vitest";
import { cfq, hasScript, inTerminal, records, serveForTheseTests } from "./cli.js";

const server = serveForTheseTests();

let queues = 0;
/** A queue of its own for each test, holding these messages. */
async function queueWith(...bodies: (Record<string, unknown> | string)[]) {
  const queue = `pull${++queues}`;
  const q = server.client.queue(queue);
  for (const body of bodies) {
    if (typeof body === "string") await q.send(body, { contentType: "text" });
    else await q.send(body);
  }
  return queue;
}

const backlog = async (queue: string) =>
  (await server.client.queue(queue).pull({ batchSize: 1, visibilityTimeoutMs: 1 })).backlogCount;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("cfq pull", () => {
  it("prints one line per message (id, attempts, content type, decoded body) and leases them", async () => {
    const queue = await queueWith({ n: 1 }, "plain text", { nested: { list: [1, 2] } });
    const ran = await cfq(["pull", queue, "--batch", "10", ...server.local]);
    expect(ran.code).toBe(0);
    expect(ran.stdout.split("\n")).toEqual([
      expect.stringMatching(/^\w+  attempts=1  json  \{"n":1\}$/),
      expect.stringMatching(/^\w+  attempts=1  text  plain text$/),
      expect.stringMatching(/^\w+  attempts=1  json  \{"nested":\{"list":\[1,2\]\}\}$/),
      "",
    ]);
    expect(ran.stderr).toBe("cfq pull: leased 3; --json shows their lease ids, for cfq ack\n");
    // leased: no other pull sees them
    expect((await server.client.queue(queue).pull({ batchSize: 10 })).messages).toEqual([]);
  });

  it("--json: one object per message with id, body, attempts, leaseId, timestamp (ISO) and contentType", async () => {
    const before = Date.now();
    const queue = await queueWith({ order_id: 4812 }, "héllo");
    const ran = await cfq(["pull", queue, "--batch", "10", "--json", ...server.local]);
    expect(ran.code).toBe(0);
    expect(ran.stderr).toBe("");
    const [json, text, ...rest] = records(ran.stdout);
    expect(rest).toEqual([]);
    for (const [record, body, contentType] of [
      [json, { order_id: 4812 }, "json"],
      [text, "héllo", "text"],
    ] as const) {
      expect(Object.keys(record!)).toEqual(["id", "body", "attempts", "leaseId", "timestamp", "contentType"]);
      expect(record!.id).toMatch(/^\w+$/);
      expect(record!.body).toEqual(body);
      expect(record!.attempts).toBe(1);
      expect(record!.leaseId).toEqual(expect.any(String));
      expect(record!.leaseId.length).toBeGreaterThan(0);
      expect(new Date(record!.timestamp).toISOString()).toBe(record!.timestamp);
      expect(Date.parse(record!.timestamp)).toBeGreaterThanOrEqual(before - 1000);
      expect(record!.contentType).toBe(contentType);
    }
    expect(json!.id).not.toBe(text!.id);
  });

  it("--ack acknowledges the messages once printed", async () => {
    const queue = await queueWith({ n: 1 }, { n: 2 });
    const ran = await cfq(["pull", queue, "--batch", "10", "--ack", ...server.local]);
    expect(ran.code).toBe(0);
    expect(ran.stdout.trimEnd().split("\n")).toHaveLength(2);
    expect(ran.stderr).toBe("cfq pull: acknowledged 2 of 2\n");
    expect(await backlog(queue)).toBe(0);
  });

  it("--ack with --json: stdout holds only the messages", async () => {
    const queue = await queueWith({ n: 1 });
    const ran = await cfq(["pull", queue, "--ack", "--json", ...server.local]);
    expect(ran).toMatchObject({ code: 0, stderr: "" });
    expect(records(ran.stdout).map((r) => r.body)).toEqual([{ n: 1 }]);
    expect(await backlog(queue)).toBe(0);
  });

  it("--batch N leases at most N", async () => {
    const queue = await queueWith({ n: 1 }, { n: 2 }, { n: 3 });
    const ran = await cfq(["pull", queue, "--batch", "2", "--json", ...server.local]);
    expect(records(ran.stdout).map((r) => r.body)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it("--visibility MS sets the lease: once it ends, the message is delivered again (attempts 2)", async () => {
    const queue = await queueWith({ n: 1 });
    expect((await cfq(["pull", queue, "--visibility", "50", ...server.local])).code).toBe(0);
    await pause(200);
    const [again] = (await server.client.queue(queue).pull()).messages;
    expect(again).toMatchObject({ body: { n: 1 }, attempts: 2 });
    // without it, the queue's 30 s lease: still leased after the same wait
    const other = await queueWith({ n: 2 });
    expect((await cfq(["pull", other, ...server.local])).code).toBe(0);
    await pause(200);
    expect((await server.client.queue(other).pull()).messages).toEqual([]);
  });

  it("an empty queue: nothing on stdout, a note on stderr, exit 0", async () => {
    const ran = await cfq(["pull", await queueWith(), ...server.local]);
    expect(ran).toMatchObject({ code: 0, stdout: "", stderr: "cfq pull: no message is available\n" });
  });

  it("cuts a long body to the width with an ellipsis (80 columns when not a terminal); --json never cuts", async () => {
    const long = { text: "y".repeat(500) };
    const queue = await queueWith(long, long);
    const human = await cfq(["pull", queue, ...server.local, "--batch", "1", "--visibility", "60000"]);
    const [line] = human.stdout.split("\n");
    expect([...line!]).toHaveLength(80);
    expect(line).toMatch(/  json  \{"text":"y+…$/);
    const json = await cfq(["pull", queue, ...server.local, "--json"]);
    expect(records(json.stdout)[0]!.body).toEqual(long);
  });

  it("escapes control characters in bodies: a message cannot move the cursor or recolour the terminal", async () => {
    const queue = await queueWith("\u001b[31mred\n\u009b", { k: "\u0007" });
    const ran = await cfq(["pull", queue, "--batch", "10", ...server.local]);
    expect(ran.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(ran.stdout.split("\n")).toEqual([
      expect.stringMatching(/  text  \\u001b\[31mred\\n\\u009b$/),
      expect.stringMatching(/  json  \{"k":"\\u0007"\}$/),
      "",
    ]);
  });

  it.skipIf(!hasScript)(
    `fits the terminal's width${hasScript ? "" : " (skipped: util-linux's script is not installed)"}`,
    async () => {
      const queue = await queueWith({ text: "z".repeat(300) });
      const ran = await inTerminal(["pull", queue, ...server.local], 100);
      const [line] = ran.stdout.split("\r\n");
      expect([...line!]).toHaveLength(100);
      expect(line).toMatch(/z…$/);
    },
  );
});

describe("cfq ack", () => {
  /** Pulls with the CLI, as a user would, and returns the lease ids in order. */
  async function leaseIds(queue: string, count: number) {
    const ran = await cfq(["pull", queue, "--batch", String(count), "--json", ...server.local]);
    return records(ran.stdout).map((r) => r.leaseId as string);
  }

  it("acknowledges the lease ids that cfq pull --json printed", async () => {
    const queue = await queueWith({ n: 1 }, { n: 2 }, { n: 3 });
    const ran = await cfq(["ack", queue, ...(await leaseIds(queue, 3)), ...server.local]);
    expect(ran).toMatchObject({ code: 0, stdout: "", stderr: "cfq ack: acknowledged 3, retried 0\n" });
    expect(await backlog(queue)).toBe(0);
  });

  it("--retry delivers a message again; --delay holds it back; --json has one object per lease id", async () => {
    const queue = await queueWith({ n: 1 }, { n: 2 }, { n: 3 });
    const [done, now, later] = await leaseIds(queue, 3);
    const ran = await cfq(["ack", queue, done!, "--retry", now!, "--json", ...server.local]);
    expect(ran.code).toBe(0);
    expect(records(ran.stdout)).toEqual([
      { leaseId: done, action: "ack", ok: true },
      { leaseId: now, action: "retry", ok: true },
    ]);
    const [again, ...none] = (await server.client.queue(queue).pull({ batchSize: 10 })).messages;
    expect(none).toEqual([]);
    expect(again).toMatchObject({ body: { n: 2 }, attempts: 2 });

    const delayed = await cfq(["ack", queue, "--retry", later!, "--delay", "600", ...server.local]);
    expect(delayed).toMatchObject({ code: 0, stderr: "cfq ack: acknowledged 0, retried 1\n" });
    const pulled = await server.client.queue(queue).pull({ batchSize: 10 });
    expect(pulled.messages).toEqual([]); // n: 3 waits 600 s
    expect(pulled.backlogCount).toBe(2); // n: 2 (leased above) and n: 3
  });

  it("a lease id that cannot be settled: reported (stderr, or ok: false with --json), exit 1", async () => {
    const queue = await queueWith({ n: 1 });
    const [good] = await leaseIds(queue, 1);
    const human = await cfq(["ack", queue, "no-such-lease", ...server.local]);
    expect(human.code).toBe(1);
    expect(human.stderr.split("\n")).toEqual([
      expect.stringMatching(/^cfq ack: lease id no-such-lease: lease not found/),
      "cfq ack: acknowledged 0, retried 0",
      "cfq ack: 1 of 1 lease id could not be settled",
      "",
    ]);
    const json = await cfq(["ack", queue, good!, "no-such-lease", "--json", ...server.local]);
    expect(json.code).toBe(1);
    expect(records(json.stdout)).toEqual([
      { leaseId: good, action: "ack", ok: true },
      {
        leaseId: "no-such-lease",
        action: "ack",
        ok: false,
        warning: expect.stringMatching(/^lease not found/),
      },
    ]);
    expect(records(json.stderr)).toEqual([{ error: { message: "1 of 2 lease ids could not be settled" } }]);
    expect(await backlog(queue)).toBe(0);
  });
});
