// `cfq push`: one message from the command line, or one per line of a file or stdin through the
// producer, against `cfq serve`; what it prints, for a person and with --json, and its exit codes.
import { describe, expect, it } from "vitest";
import { QueuesClient } from "../../src/index.js";
import { spawn } from "node:child_process";
import {
  bin,
  cfq,
  cleanEnv,
  hasScript,
  inTerminal,
  records,
  serve,
  serveForTheseTests,
  tempFile,
} from "./cli.js";

const server = serveForTheseTests();

let queues = 0;
/** A queue of its own for each test. */
const newQueue = () => `push${++queues}`;

/** Everything on the queue now, in order (leased for a minute, so a second call sees none of them). */
async function drain(queue: string) {
  const { messages } = await server.client.queue(queue).pull({ batchSize: 100, visibilityTimeoutMs: 60_000 });
  return messages;
}

describe("cfq push QUEUE BODY", () => {
  it("sends BODY as a json message; says so on stderr, nothing on stdout", async () => {
    const queue = newQueue();
    const ran = await cfq(["push", queue, '{"order_id": 4812, "items": ["a", "b"]}', ...server.local]);
    expect(ran).toMatchObject({ code: 0, stdout: "", stderr: "cfq push: sent 1 message\n" });
    const [message, ...rest] = await drain(queue);
    expect(rest).toEqual([]);
    expect(message).toMatchObject({ contentType: "json", body: { order_id: 4812, items: ["a", "b"] } });
  });

  it("--text sends BODY as it is, as a text message", async () => {
    const queue = newQueue();
    const ran = await cfq(["push", queue, '{"not": "parsed"} ünïcode', "--text", ...server.local]);
    expect(ran.code).toBe(0);
    const [message] = await drain(queue);
    expect(message).toMatchObject({ contentType: "text", body: '{"not": "parsed"} ünïcode' });
  });

  it("--delay S holds the message back: stored (in the backlog), not delivered yet", async () => {
    const queue = newQueue();
    expect((await cfq(["push", queue, '{"a":1}', "--delay", "600", ...server.local])).code).toBe(0);
    const pulled = await server.client.queue(queue).pull({ batchSize: 10 });
    expect(pulled.messages).toEqual([]);
    expect(pulled.backlogCount).toBe(1);
  });

  it("--json prints one summary object on stdout", async () => {
    const ran = await cfq(["push", newQueue(), '{"a":1}', "--json", ...server.local]);
    expect(ran.code).toBe(0);
    expect(ran.stderr).toBe("");
    const [summary, ...rest] = records(ran.stdout);
    expect(rest).toEqual([]);
    expect(summary).toEqual({ sent: 1, failed: 0, seconds: expect.any(Number), rate: expect.any(Number) });
  });

  it.each([
    [
      "not JSON",
      "{bad",
      "cfq push: BODY is not valid JSON: Expected property name or '}' in JSON at position 1 (--text sends it as text)",
    ],
    [
      "a string",
      '"a string"',
      'cfq push: body must be a plain JSON object when contentType is "json" (the default); got "a string" (for a string body, use --text)',
    ],
    [
      "an array",
      "[1, 2]",
      'cfq push: body must be a plain JSON object when contentType is "json" (the default); got an array of 2',
    ],
    [
      "over 128 KB",
      `{"big": "${"x".repeat(128_000)}"}`,
      "cfq push: body must be at most 128000 bytes of UTF-8; got 128010 bytes",
    ],
  ])("refuses a BODY the API would refuse, in one line, exit 1: %s", async (_name, body, line) => {
    const queue = newQueue();
    const ran = await cfq(["push", queue, body, ...server.local]);
    expect(ran).toMatchObject({ code: 1, stdout: "", stderr: `${line}\n` });
    expect(await drain(queue)).toEqual([]);
  });
});

/** A file whose lines are good and bad, and what becomes of each. */
const MIXED = [
  '{"n": 1}',
  "",
  '{"n": 2}',
  "not json",
  "[1, 2]",
  '"a string"',
  `{"big": "${"x".repeat(128_000)}"}`,
  "   ",
  '{"n": 3}',
].join("\n");

describe("cfq push QUEUE --file FILE|-", () => {
  it("sends one message per line, in order, skipping blank lines; each bad line is reported with its number and reason", async () => {
    const queue = newQueue();
    const ran = await cfq(["push", queue, "--file", tempFile("mixed.ndjson", `${MIXED}\n`), ...server.local]);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toBe("");
    expect(ran.stderr.split("\n")).toEqual([
      "cfq push: line 4: not valid JSON: Unexpected token 'o', \"not json\" is not valid JSON",
      'cfq push: line 5: body must be a plain JSON object when contentType is "json" (the default); got an array of 2',
      'cfq push: line 6: body must be a plain JSON object when contentType is "json" (the default); got "a string" (for a string body, use --text)',
      "cfq push: line 7: body must be at most 128000 bytes of UTF-8; got 128010 bytes",
      expect.stringMatching(/^cfq push: sent 3, 4 failed in \d+\.\d s \(\d+\/s\)$/),
      "cfq push: 4 of 7 messages failed",
      "",
    ]);
    expect((await drain(queue)).map((m) => m.body)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it("--json: one object per failed line, then the summary, on stdout; the failure as one JSON object on stderr", async () => {
    const queue = newQueue();
    const ran = await cfq([
      "push",
      queue,
      "--file",
      tempFile("mixed.ndjson", MIXED),
      "--json",
      ...server.local,
    ]);
    expect(ran.code).toBe(1);
    expect(records(ran.stdout)).toEqual([
      { line: 4, error: "not valid JSON: Unexpected token 'o', \"not json\" is not valid JSON" },
      { line: 5, error: expect.stringMatching(/^body must be a plain JSON object/) },
      { line: 6, error: expect.stringMatching(/^body must be a plain JSON object.*use --text\)$/) },
      { line: 7, error: "body must be at most 128000 bytes of UTF-8; got 128010 bytes" },
      { sent: 3, failed: 4, seconds: expect.any(Number), rate: expect.any(Number) },
    ]);
    expect(records(ran.stderr)).toEqual([{ error: { message: "4 of 7 messages failed" } }]);
  });

  it("--file - reads stdin; with --text each line is a text body (empty lines skipped; CRLF and a BOM handled)", async () => {
    const queue = newQueue();
    const ran = await cfq(["push", queue, "--file", "-", "--text", ...server.local], {
      input: '\uFEFFfirst line\r\n\r\n  spaced  \r\n{"json": "as text"}\nlast, with no newline',
    });
    expect(ran.code).toBe(0);
    expect(ran.stderr).toMatch(/^cfq push: sent 4 in \d+\.\d s \(\d+\/s\)\n$/);
    const messages = await drain(queue);
    expect(messages.map((m) => [m.contentType, m.body])).toEqual([
      ["text", "first line"],
      ["text", "  spaced  "],
      ["text", '{"json": "as text"}'],
      ["text", "last, with no newline"],
    ]);
  });

  it("--file - with NDJSON on stdin, and --delay for every line", async () => {
    const queue = newQueue();
    const input = Array.from({ length: 250 }, (_, i) => JSON.stringify({ i })).join("\n");
    const ran = await cfq(["push", queue, "--file", "-", "--delay", "600", "--json", ...server.local], {
      input,
    });
    expect(ran.code).toBe(0);
    expect(records(ran.stdout)).toEqual([
      { sent: 250, failed: 0, seconds: expect.any(Number), rate: expect.any(Number) },
    ]);
    const pulled = await server.client.queue(queue).pull({ batchSize: 100 });
    expect([pulled.messages.length, pulled.backlogCount]).toEqual([0, 250]);
  });

  it("a file it cannot read fails before anything is sent, in one line", async () => {
    const ran = await cfq(["push", newQueue(), "--file", "/nonexistent/lines.ndjson", ...server.local]);
    expect(ran).toMatchObject({
      code: 1,
      stdout: "",
      stderr:
        "cfq push: cannot read /nonexistent/lines.ndjson: ENOENT: no such file or directory, open '/nonexistent/lines.ndjson'\n",
    });
  });

  it("a rejected batch: its lines are reported as one range with the API's reason; the other batches are sent", async () => {
    const faulty = await serve({ faults: { rules: [{ op: "batch", fault: "500", first: 1 }] } });
    try {
      const queue = newQueue();
      const input = Array.from({ length: 250 }, (_, i) => JSON.stringify({ i: i + 1 })).join("\n");
      const ran = await cfq(["push", queue, "--file", "-", ...faulty.local], { input });
      expect(ran.code).toBe(1);
      const lines = ran.stderr.split("\n");
      const range = /^cfq push: lines (\d+)-(\d+): Cloudflare API 500 on queues-push-messages: 15000 /.exec(
        lines[0]!,
      );
      expect(range, ran.stderr).not.toBeNull();
      const [first, last] = [Number(range![1]), Number(range![2])];
      // one of the three batches: lines 1-100, 101-200 or 201-250
      expect([
        [1, 100],
        [101, 200],
        [201, 250],
      ]).toContainEqual([first, last]);
      const failed = last - first + 1;
      expect(lines[1]).toMatch(new RegExp(`^cfq push: sent ${250 - failed}, ${failed} failed in `));
      expect(lines.at(-2)).toBe(`cfq push: ${failed} of 250 messages failed`);
      const sent = await faulty.client.queue(queue).pull({ batchSize: 100 });
      expect(sent.backlogCount).toBe(250 - failed);
    } finally {
      await faulty.stop();
    }
  });

  it("when a batch fails and none was accepted (a wrong token), it stops reading, says where, and hints at the token's permission", async () => {
    const guarded = await serve({ tokens: ["the-right-token"] });
    try {
      const queue = newQueue();
      // More lines than the producer holds at once (10,000): it must stop before reading them all.
      const file = tempFile("many.ndjson", Array.from({ length: 30_000 }, (_, i) => `{"i":${i}}`).join("\n"));
      const ran = await cfq([
        "push",
        queue,
        "--file",
        file,
        "--api-token",
        "a-wrong-token",
        "--local",
        "--base-url",
        guarded.url,
      ]);
      expect(ran.code).toBe(1);
      const lines = ran.stderr.trimEnd().split("\n");
      expect(lines[0]).toMatch(
        /^cfq push: lines 1-\d+: Cloudflare API 403 on queues-push-messages: 10000 Authentication error$/,
      );
      expect(lines.filter((line) => line.includes('"Queues Write"'))).toEqual([
        'cfq push: check the API token and the account id: the token needs the permission "Queues Write" (dashboard: Account, Queues, Edit)',
      ]);
      const stopped =
        /^cfq push: stopped reading after line (\d+): a batch failed and none was accepted$/.exec(
          lines.at(-1)!,
        );
      expect(stopped, ran.stderr).not.toBeNull();
      expect(Number(stopped![1])).toBeLessThan(30_000);
      expect(ran.stderr).not.toContain("a-wrong-token");
      const asOwner = new QueuesClient({
        accountId: "local",
        apiToken: "the-right-token",
        baseUrl: guarded.url,
      });
      expect((await asOwner.queue(queue).pull()).backlogCount).toBe(0);
    } finally {
      await guarded.stop();
    }
  });

  it("Ctrl-C stops reading (here, a stdin that stays open): what was read is sent, then the summary, exit 1", async () => {
    const queue = newQueue();
    const child = spawn(process.execPath, [bin, "push", queue, "--file", "-", ...server.local], {
      stdio: ["pipe", "pipe", "pipe"],
      env: cleanEnv(),
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    child.stdin.write('{"n":1}\n{"n":2}\n{"n":3}\n'); // and no end: more could come
    while (
      (await server.client.queue(queue).pull({ batchSize: 1, visibilityTimeoutMs: 1 })).backlogCount < 3
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill("SIGINT");
    expect(await exited).toBe(1);
    expect(stderr.split("\n")).toEqual([
      expect.stringMatching(/^cfq push: sent 3 in /),
      "cfq push: stopped reading after line 3: interrupted (Ctrl-C)",
      "",
    ]);
    child.stdin.destroy();
  });

  it.skipIf(!hasScript)(
    `shows progress on stderr only when stderr is a terminal${hasScript ? "" : " (skipped: util-linux's script is not installed)"}`,
    async () => {
      const input = tempFile("n.ndjson", Array.from({ length: 500 }, (_, i) => `{"i":${i}}`).join("\n"));
      const terminal = await inTerminal(["push", newQueue(), "--file", input, ...server.local]);
      expect(terminal.code).toBe(0);
      // drawn over itself (\r, clear to the end of the line), then erased before the summary
      expect(terminal.stdout).toMatch(/\r\x1b\[Kcfq push: sent \d+, failed 0 \(\d+\/s\), line \d+/);
      expect(terminal.stdout).toMatch(/\r\x1b\[Kcfq push: sent 500 in /);
      const piped = await cfq(["push", newQueue(), "--file", input, ...server.local]);
      expect(piped.stderr).not.toContain("\x1b");
      expect(piped.stderr).toMatch(/^cfq push: sent 500 in [\d.]+ s \(\d+\/s\)\n$/);
    },
  );

  // Read whole, this file alone passes that heap limit: node dies out of memory.
  it("streams a file: 40,000 lines of 1 KB (40 MB) go through a CLI whose heap is limited to 32 MB", async () => {
    const queue = newQueue();
    const pad = "x".repeat(980);
    const file = tempFile(
      "large.ndjson",
      Array.from({ length: 40_000 }, (_, i) => `{"i":${i},"p":"${pad}"}`).join("\n"),
    );
    const ran = await cfq(["push", queue, "--file", file, "--json", ...server.local], {
      nodeArgs: ["--max-old-space-size=32"],
    });
    expect(ran.stderr).toBe("");
    expect(records(ran.stdout)).toEqual([
      { sent: 40_000, failed: 0, seconds: expect.any(Number), rate: expect.any(Number) },
    ]);
    expect((await server.client.queue(queue).pull({ batchSize: 1 })).backlogCount).toBe(40_000);
  });
});
