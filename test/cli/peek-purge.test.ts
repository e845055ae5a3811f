// `cfq peek` and `cfq purge`. Their output and flags are checked against a stand-in server that
// records each request; the same commands then run against `cfq serve`, whose emulator answers both.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cfq, killChildren, records, serve, standIn, type Server, type StandIn } from "./cli.js";

afterEach(killChildren);

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const base64 = (text: string) => Buffer.from(text).toString("base64");

/** A peeked message as the API sends it. */
const wire = (id: string, ref: string, contentType: string, body: string, attempts = 0) => ({
  id,
  ref,
  body,
  attempts,
  timestamp_ms: NOW,
  metadata: { "CF-Content-Type": contentType, "CF-sourceMessageSource": "api" },
});

const PEEKED = [
  wire("m1", "ref-1", "json", base64('{"order_id":4812}')),
  wire("m2", "ref-2", "text", "plain text", 2),
  wire("m3", "ref-3", "bytes", base64("\x00\x01\x02")),
  wire("m4", "ref-4", "json", base64("{not json")),
];

describe("cfq peek (against a stand-in)", () => {
  let stub: StandIn;
  let peeked: unknown[] = PEEKED;
  beforeAll(async () => {
    stub = await standIn(({ operation }) =>
      operation === "/peek"
        ? { result: { messages: peeked } }
        : { status: 404, errors: [{ code: 7003, message: "No route" }] },
    );
  });
  afterAll(() => stub.close());

  it("prints one line per message: id, attempts, content type, decoded body", async () => {
    const ran = await cfq(["peek", "orders", ...stub.local]);
    expect(ran.code).toBe(0);
    expect(ran.stdout.split("\n")).toEqual([
      'm1  attempts=0  json  {"order_id":4812}',
      "m2  attempts=2  text  plain text",
      "m3  attempts=0  bytes  (3 bytes)",
      expect.stringMatching(/^m4  attempts=0  json  \(cannot decode: cannot decode a json body: /),
      "",
    ]);
    expect(ran.stderr).toBe("cfq peek: 4 shown; --json shows their refs, for cfq purge\n");
    const request = stub.requests.at(-1)!;
    expect([request.operation, request.queue, request.body]).toEqual(["/peek", "orders", {}]);
    expect(request.headers.authorization).toBe("Bearer dev-token");
  });

  it("--json: one object per message with ref (no leaseId); bytes stay base64; an undecodable body is null with the reason", async () => {
    const ran = await cfq(["peek", "orders", "--json", ...stub.local]);
    expect(ran).toMatchObject({ code: 0, stderr: "" });
    const timestamp = new Date(NOW).toISOString();
    expect(records(ran.stdout)).toEqual([
      { id: "m1", body: { order_id: 4812 }, attempts: 0, ref: "ref-1", timestamp, contentType: "json" },
      { id: "m2", body: "plain text", attempts: 2, ref: "ref-2", timestamp, contentType: "text" },
      { id: "m3", body: base64("\x00\x01\x02"), attempts: 0, ref: "ref-3", timestamp, contentType: "bytes" },
      {
        id: "m4",
        body: null,
        attempts: 0,
        ref: "ref-4",
        timestamp,
        contentType: "json",
        decodeError: expect.stringMatching(/^cannot decode a json body: /),
      },
    ]);
  });

  it("--batch N is sent as batch_size", async () => {
    expect((await cfq(["peek", "orders", "--batch", "7", ...stub.local])).code).toBe(0);
    expect(stub.requests.at(-1)!.body).toEqual({ batch_size: 7 });
  });

  it("an empty queue: nothing on stdout, a note on stderr, exit 0", async () => {
    peeked = [];
    try {
      const ran = await cfq(["peek", "orders", ...stub.local]);
      expect(ran).toMatchObject({ code: 0, stdout: "", stderr: "cfq peek: no message is available\n" });
    } finally {
      peeked = PEEKED;
    }
  });
});

describe("cfq purge (against a stand-in)", () => {
  let stub: StandIn;
  /** What the stand-in answers: refs starting with "gone" matched no message. */
  let problems: { message: string }[] = [];
  beforeAll(async () => {
    stub = await standIn(({ operation, body }) => {
      if (operation !== "/purge") return { status: 404, errors: [{ code: 7003, message: "No route" }] };
      const gone = (body.refs as { ref: string }[]).filter(({ ref }) => ref.startsWith("gone"));
      return {
        result: {
          warnings: Object.fromEntries(gone.map(({ ref }) => [ref, "no message with this ref"])),
          ...(problems.length && { errors: problems }),
        },
      };
    });
  });
  afterAll(() => stub.close());

  it("sends the refs, and says how many were purged", async () => {
    const ran = await cfq(["purge", "orders", "ref-1", "ref-2", ...stub.local]);
    expect(ran).toMatchObject({ code: 0, stdout: "", stderr: "cfq purge: purged 2 of 2\n" });
    const request = stub.requests.at(-1)!;
    expect([request.operation, request.queue, request.body]).toEqual([
      "/purge",
      "orders",
      { refs: [{ ref: "ref-1" }, { ref: "ref-2" }] },
    ]);
  });

  it("a ref that matched no message: a warning line per ref, then the summary, exit 1", async () => {
    const ran = await cfq(["purge", "orders", "ref-1", "gone-2", ...stub.local]);
    expect(ran.code).toBe(1);
    expect(ran.stderr.split("\n")).toEqual([
      "cfq purge: ref gone-2: no message with this ref",
      "cfq purge: purged 1 of 2",
      "cfq purge: 1 of 2 refs matched no message",
      "",
    ]);
  });

  it("--json: one object per ref, the failure as one JSON object on stderr", async () => {
    const ran = await cfq(["purge", "orders", "ref-1", "gone-2", "--json", ...stub.local]);
    expect(ran.code).toBe(1);
    expect(records(ran.stdout)).toEqual([
      { ref: "ref-1", ok: true },
      { ref: "gone-2", ok: false, warning: "no message with this ref" },
    ]);
    expect(records(ran.stderr)).toEqual([{ error: { message: "1 of 2 refs matched no message" } }]);
  });

  it("errors the answer reports for the purge as a whole make it fail", async () => {
    problems = [{ message: "storage unavailable" }];
    try {
      const ran = await cfq(["purge", "orders", "ref-1", "--json", ...stub.local]);
      expect(ran.code).toBe(1);
      expect(records(ran.stderr)).toEqual([
        { error: { message: "the purge reported: storage unavailable" } },
      ]);
    } finally {
      problems = [];
    }
  });

  it("more than 100 refs go as several requests of at most 100", async () => {
    const before = stub.requests.length;
    const refs = Array.from({ length: 150 }, (_, i) => `ref-${i}`);
    const ran = await cfq(["purge", "orders", ...refs, ...stub.local]);
    expect(ran).toMatchObject({ code: 0, stderr: "cfq purge: purged 150 of 150\n" });
    expect(stub.requests.slice(before).map((r) => r.body.refs.length)).toEqual([100, 50]);
  });
});

describe("cfq peek and purge against cfq serve", () => {
  let server: Server;
  beforeAll(async () => {
    server = await serve();
  });
  afterAll(() => server?.stop());

  it("peek shows the messages without leasing them; purge deletes one by its ref", async () => {
    const q = server.client.queue("peeked");
    for (const n of [1, 2, 3]) await q.send({ n });
    const peeked = await cfq(["peek", "peeked", "--json", ...server.local]);
    expect(peeked.code).toBe(0);
    const shown = records(peeked.stdout);
    expect(shown.map((r) => [r.body, r.attempts, typeof r.ref, "leaseId" in r])).toEqual([
      [{ n: 1 }, 0, "string", false],
      [{ n: 2 }, 0, "string", false],
      [{ n: 3 }, 0, "string", false],
    ]);
    const human = await cfq(["peek", "peeked", ...server.local]);
    expect(human.stdout.trimEnd().split("\n")).toEqual(
      [1, 2, 3].map((n) => expect.stringMatching(new RegExp(`^\\w+  attempts=0  json  \\{"n":${n}\\}$`))),
    );

    const purged = await cfq(["purge", "peeked", shown[1]!.ref, ...server.local]);
    expect(purged).toMatchObject({ code: 0, stderr: "cfq purge: purged 1 of 1\n" });
    const again = await cfq(["purge", "peeked", shown[1]!.ref, ...server.local]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("cfq purge: 1 of 1 ref matched no message");

    const { messages } = await q.pull({ batchSize: 10 });
    expect(messages.map((m) => [m.body, m.attempts])).toEqual([
      [{ n: 1 }, 1], // peek did not count as a delivery
      [{ n: 3 }, 1],
    ]);
  });

  it("peek --batch N shows at most N", async () => {
    const q = server.client.queue("peek-batch");
    for (const n of [1, 2, 3]) await q.send({ n });
    const ran = await cfq(["peek", "peek-batch", "--batch", "2", "--json", ...server.local]);
    expect(records(ran.stdout).map((r) => r.body)).toEqual([{ n: 1 }, { n: 2 }]);
  });
});
