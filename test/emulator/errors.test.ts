import { afterEach, describe, expect, it } from "vitest";
import { CloudflareApiError, QueuesClient } from "../../src/index.js";
import type { EmulatorConfig } from "../../src/emulator/index.js";
import { ACCOUNT, startEmulator, TRANSPORTS, type Harness, type TransportKind } from "../helpers/emulator.js";

const failure = (code: number, message: string | RegExp) => ({
  success: false,
  errors: [
    expect.objectContaining({
      code,
      message: typeof message === "string" ? message : expect.stringMatching(message),
    }),
  ],
  messages: [],
  result: null,
});

describe.each(TRANSPORTS)("errors, as Cloudflare answers them (%s)", (kind: TransportKind) => {
  let h: Harness;
  const start = async (config: EmulatorConfig = {}) => (h = await startEmulator(kind, config));
  afterEach(() => h?.close());

  it.each([
    ["a string body under json", "", { body: "x" }, 10207, 'Expected object, received string at "body"'],
    ["an array body", "", { body: [1] }, 10207, 'Expected object, received array at "body"'],
    ["no body field", "", { content_type: "json" }, 10207, 'Required at "body"'],
    [
      "an object body under text",
      "",
      { body: {}, content_type: "text" },
      10207,
      'Expected string, received object at "body"',
    ],
    [
      "an unknown content type",
      "",
      { body: "x", content_type: "xml" },
      10203,
      /Invalid enum value.*at "content_type"/,
    ],
    [
      "a message delay over 24 h",
      "",
      { body: {}, delay_seconds: 86_401 },
      10203,
      /less than or equal to 86400 at "delay_seconds"/,
    ],
    ["a fractional delay", "", { body: {}, delay_seconds: 1.5 }, 10207, /Expected integer, received number/],
    [
      "a batch delay out of range",
      "/batch",
      { messages: [{ body: {} }], delay_seconds: -1 },
      10202,
      /at "delay_seconds"/,
    ],
    [
      "a batch message delay out of range",
      "/batch",
      { messages: [{ body: {}, delay_seconds: 90_000 }] },
      10203,
      /at "messages\[0\]\.delay_seconds"/,
    ],
    ["an empty batch", "/batch", { messages: [] }, 10207, /at least 1 element/],
    [
      "101 messages",
      "/batch",
      { messages: Array.from({ length: 101 }, () => ({ body: {} })) },
      10206,
      /at most 100 element/,
    ],
    ["a batch without messages", "/batch", {}, 10207, 'Required at "messages"'],
    [
      "a raw message in a batch",
      "/batch",
      { messages: ["hello"] },
      10207,
      /Expected object, received string at "messages\[0\]"/,
    ],
    ["batch_size 0", "/pull", { batch_size: 0 }, 10207, /greater than or equal to 1 at "batch_size"/],
    ["batch_size 101", "/pull", { batch_size: 101 }, 10207, /at "batch_size"/],
    [
      "visibility_timeout_ms over 12 h",
      "/pull",
      { visibility_timeout_ms: 43_200_001 },
      10207,
      /at "visibility_timeout_ms"/,
    ],
    [
      "a retry without lease_id",
      "/ack",
      { retries: [{ delay_seconds: 1 }] },
      10207,
      'Required at "retries[0].lease_id"',
    ],
    ["an empty lease id", "/ack", { acks: [{ lease_id: "" }] }, 10207, /at "acks\[0\]\.lease_id"/],
  ])("400 for %s", async (_, suffix, body, code, message) => {
    await start();
    const answer = await h.post("q", suffix, body);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual(failure(code, message));
    expect(h.emulator.queueIds()).toEqual([]); // a refused request does not even create the queue
  });

  it("400 / 10208 for a body that is not JSON, or empty", async () => {
    await start();
    for (const body of ["{not json", ""]) {
      const answer = await h.post("q", "", body);
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual(failure(10208, /not valid JSON/));
    }
  });

  it("400 / 10204 for a message over 128 KB (128,000 bytes), measured in UTF-8", async () => {
    await start();
    const fits = "é".repeat(64_000); // 128,000 bytes
    expect((await h.post("q", "", { body: fits, content_type: "text" })).status).toBe(200);
    const over = await h.post("q", "", { body: fits + "a", content_type: "text" });
    expect(over.status).toBe(400);
    expect(over.json).toEqual(failure(10204, /128001 bytes, larger than the limit of 128000 bytes/));
    const jsonOver = await h.post("q", "", { body: { s: "x".repeat(128_000) } });
    expect(jsonOver.json.errors[0].code).toBe(10204);
  });

  it("400 / 10205 for a batch over 256 KB, and nothing of it is kept", async () => {
    await start();
    const body = "x".repeat(100_000);
    const answer = await h.post("q", "/batch", {
      messages: [1, 2, 3].map(() => ({ body, content_type: "text" })),
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual(failure(10205, /300000 bytes, larger than the limit of 256000 bytes/));
    expect(h.emulator.queueIds()).toEqual([]); // a refused request does not even create the queue
  });

  it("413 with a v4 envelope for a request body over 1 MB", async () => {
    await start();
    const answer = await h.post(
      "q",
      "",
      JSON.stringify({ body: "x".repeat(1_000_001), content_type: "text" }),
    );
    expect(answer.status).toBe(413);
    expect(answer.json).toEqual(failure(413, "Request body is larger than 1000000 bytes"));
  });

  it("400 / 6003 for a request that is not declared as JSON", async () => {
    await start();
    const answer = await h.post("q", "", { body: {} }, { "content-type": "text/plain" });
    expect(answer.status).toBe(400);
    expect(answer.json.errors[0]).toMatchObject({
      code: 6003,
      message: "Invalid request headers",
      error_chain: [{ code: 6105 }],
    });
  });

  it("400 / 7003 for any other path, method or malformed id", async () => {
    await start();
    for (const [method, path] of [
      ["POST", `/accounts/${ACCOUNT}/queues/q/nothing`],
      ["GET", `/accounts/${ACCOUNT}/queues/q/messages`],
      ["POST", `/accounts/${ACCOUNT}/queues/${"q".repeat(33)}/messages`],
      ["POST", `/accounts/${ACCOUNT}/queues/bad%20id/messages/pull`],
    ] as const) {
      const response = await h.fetch(`${h.baseUrl}${path}`, {
        method,
        headers: { "content-type": "application/json" },
        ...(method === "POST" ? { body: "{}" } : {}),
      });
      expect(response.status).toBe(400);
      expect((await response.json()).errors[0].code).toBe(7003);
    }
  });

  it("serves the routes under any prefix, as the official SDK's baseURL requires", async () => {
    await start();
    const response = await h.fetch(`${h.baseUrl.replace("/client/v4", "")}/accounts/a/queues/q/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ body: { a: 1 } }),
    });
    expect(response.status).toBe(200);
  });

  it("404 / 10104 for an unknown queue in strict mode; configured queues exist", async () => {
    await start({ strict: true, queues: { known: {}, "orders-dlq": {} } });
    const unknown = await h.post("unknown", "", { body: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual(failure(10104, "Queue not found"));
    expect((await h.post("known", "", { body: {} })).status).toBe(200);
    expect((await h.post("orders-dlq", "/pull", {})).status).toBe(200);
    await expect(h.client.queue("unknown").pull()).rejects.toMatchObject({ status: 404, code: 10104 });
  });

  describe("credentials", () => {
    const call = (headers: Record<string, string>) =>
      h.fetch(`${h.baseUrl}/accounts/${ACCOUNT}/queues/q/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ body: { a: 1 } }),
      });

    it("with no tokens configured, any or no credentials are accepted", async () => {
      await start();
      expect((await call({})).status).toBe(200);
      expect((await call({ authorization: "Bearer whatever" })).status).toBe(200);
    });

    it("with tokens: 400 / 9106 when missing, 403 / 10000 when wrong, 400 / 6003 when malformed", async () => {
      await start({ tokens: ["t-one", "t-two"] });
      const missing = await call({});
      expect(missing.status).toBe(400);
      expect((await missing.json()).errors[0]).toEqual({
        code: 9106,
        message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers",
      });
      const half = await call({ "x-auth-email": "me@example.com" });
      expect(half.status).toBe(400);
      const wrong = await call({ authorization: "Bearer t-three" });
      expect(wrong.status).toBe(403);
      expect((await wrong.json()).errors[0]).toEqual({ code: 10000, message: "Authentication error" });
      const malformed = await call({ authorization: "Basic dXNlcjpwYXNz" });
      expect(malformed.status).toBe(400);
      expect((await malformed.json()).errors[0].code).toBe(6003);
      expect((await call({ authorization: "Bearer t-two" })).status).toBe(200);
      expect((await call({ "x-auth-email": "me@example.com", "x-auth-key": "t-one" })).status).toBe(200);
      expect((await call({ "x-auth-email": "me@example.com", "x-auth-key": "nope" })).status).toBe(403);
    });

    it("the facade sees them as CloudflareApiError, for both schemes", async () => {
      await start({ tokens: ["right"] });
      const wrong = new QueuesClient({
        accountId: ACCOUNT,
        apiToken: "wrong",
        baseUrl: h.baseUrl,
        fetch: h.fetch,
      });
      const error = await wrong
        .queue("q")
        .send({ a: 1 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CloudflareApiError);
      expect((error as Error).message).toBe(
        "Cloudflare API 403 on queues-push-message: 10000 Authentication error",
      );
      const keyed = new QueuesClient({
        accountId: ACCOUNT,
        apiEmail: "me@example.com",
        apiKey: "right",
        baseUrl: h.baseUrl,
        fetch: h.fetch,
      });
      expect((await keyed.queue("q").send({ a: 1 })).metrics?.backlogCount).toBe(1);
    });
  });

  it("invalid requests leave the queue untouched: a bad batch keeps nothing, a bad ack settles nothing", async () => {
    await start();
    const q = h.client.queue("q");
    await q.sendBatch([{ body: { n: 1 } }, { body: { n: 2 } }]);
    const { messages } = await q.pull({ batchSize: 2 });
    const before = h.emulator.metrics("q");
    expect(
      (await h.post("q", "/batch", { messages: [{ body: { ok: 1 } }, { body: "not an object" }] })).status,
    ).toBe(400);
    expect((await h.post("q", "/ack", { acks: [{ lease_id: messages[0]!.leaseId }, {}] })).status).toBe(400);
    expect(h.emulator.metrics("q")).toEqual(before);
    expect((await q.ack({ acks: messages })).ackCount).toBe(2);
  });
});
