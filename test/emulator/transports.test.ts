import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createEmulator, EmulatorConfigError } from "../../src/emulator/index.js";
import { startEmulator, type Harness } from "../helpers/emulator.js";

const path = "/client/v4/accounts/acc/queues/q/messages";

describe("emulator.fetch takes what fetch takes", () => {
  const emulator = createEmulator();
  const url = `http://x${path}`;
  const init = { method: "POST", headers: { "content-type": "application/json" } };

  it.each([
    ["a URL string and an init", () => emulator.fetch(url, { ...init, body: '{"body":{"a":1}}' })],
    ["a URL object", () => emulator.fetch(new URL(url), { ...init, body: '{"body":{"a":1}}' })],
    ["a Request", () => emulator.fetch(new Request(url, { ...init, body: '{"body":{"a":1}}' }))],
    [
      "a Uint8Array body",
      () => emulator.fetch(url, { ...init, body: new TextEncoder().encode('{"body":{"a":1}}') }),
    ],
    [
      "a stream body",
      () =>
        emulator.fetch(url, {
          ...init,
          body: new Blob(['{"body":', '{"a":1}}']).stream(),
          duplex: "half",
        } as RequestInit),
    ],
  ])("%s", async (_, call) => {
    const response = await call();
    expect(response.status).toBe(200);
    expect((await response.json()).success).toBe(true);
  });

  it("refuses a streamed body over 1 MB without reading it all", async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(chunk);
      }, // endless: only a reader that stops at the limit ever returns
    });
    const response = await emulator.fetch(url, { ...init, body: stream, duplex: "half" } as RequestInit);
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(40);
  });

  it("rejects invalid UTF-8 as malformed JSON", async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('{"body":"'),
      0xff,
      0xfe,
      ...new TextEncoder().encode('"}'),
    ]);
    const response = await emulator.fetch(url, { ...init, body: bytes });
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].code).toBe(10208);
  });

  it("honours an aborted signal", async () => {
    await expect(emulator.fetch(url, { ...init, body: "{}", signal: AbortSignal.abort() })).rejects.toThrow();
  });
});

describe("the HTTP server", () => {
  let h: Harness;
  afterEach(() => h?.close());

  it("refuses a chunked body over 1 MB with 413 as soon as it passes the limit", async () => {
    h = await startEmulator("http");
    const { port } = new URL(h.baseUrl);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1");
      let received = "";
      socket.on("data", (d) => {
        received += d;
        if (received.includes("\r\n\r\n") && received.includes("}")) resolve(received);
      });
      socket.on("error", reject);
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
      );
      const chunk = "a".repeat(65_536);
      // 17 chunks pass the limit; the server answers without waiting for the end of the body
      for (let i = 0; i < 17; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer).toMatch(/"code":413/);
  });

  it("answers every request with application/json and a content-length", async () => {
    h = await startEmulator("http");
    const response = await fetch(`${h.baseUrl}/nowhere`);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(Number(response.headers.get("content-length"))).toBeGreaterThan(0);
  });
});

describe("configuration", () => {
  it.each([
    [
      { queues: { q: { max_retries: 101 } } },
      "queues.q.max_retries must be an integer from 0 to 100; got 101",
    ],
    [
      { queues: { q: { message_retention_period: 59 } } },
      "queues.q.message_retention_period must be an integer from 60 to 1209600",
    ],
    [
      { queues: { q: { dead_letter_queue: "" } } },
      'queues.q.dead_letter_queue must be a non-empty string; got ""',
    ],
    [{ queues: { q: { http_pull: 1 } } }, "queues.q.http_pull must be true or false; got 1"],
    [{ tokens: ["ok", 5] }, "tokens[1] must be a non-empty string; got a number"],
    [{ tokens: ["ok", ""] }, "tokens[1] must be a non-empty string; got an empty string"],
    [{ tokens: "tok_Secret_1" }, "tokens must be an array of strings; got a string"],
    [{ tokens: { a: "tok_Secret_1" } }, "tokens must be an array of strings; got an object"],
    [{ strictness: true }, "unknown key strictness"],
    [
      { faults: { rules: [{ op: "pull", fault: "503", rate: 2 }] } },
      "faults.rules[0].rate must be a number from 0 to 1; got 2",
    ],
    [{ faults: { rules: [{ fault: "503" }] } }, "faults.rules[0].op must be given"],
  ])("%j is refused, naming the key", (config, message) => {
    expect(() => createEmulator(config as never)).toThrow(EmulatorConfigError);
    expect(() => createEmulator(config as never)).toThrow(message);
    expect(() => createEmulator(config as never)).not.toThrow("tok_Secret_1"); // tokens are never echoed
  });

  it("accepts the documented example", () => {
    expect(() =>
      createEmulator({
        strict: false,
        tokens: ["dev-token"],
        queues: {
          orders: {
            max_retries: 3,
            dead_letter_queue: "orders-dlq",
            retry_delay: 0,
            delivery_delay: 0,
            batch_size: 5,
            visibility_timeout_ms: 30000,
            message_retention_period: 345600,
            http_pull: true,
            paused: false,
          },
        },
      }),
    ).not.toThrow();
  });
});
