import { describe, expect, it } from "vitest";
import { QueuesClient, QueuesValidationError } from "../../src/index.js";
import { envelope, recordingFetch } from "../helpers/recording-fetch.js";

const BASE = "https://api.cloudflare.com/client/v4/accounts/acc123/queues/q456/messages";

function tokenClient(responder?: Parameters<typeof recordingFetch>[0]) {
  const rec = recordingFetch(responder);
  const queues = new QueuesClient({ accountId: "acc123", apiToken: "tok-secret", fetch: rec.fetch });
  return { ...rec, queue: queues.queue("q456"), queues };
}

describe("requests on the wire", () => {
  it("send posts one json message with bearer auth and a JSON content-type", async () => {
    const { queue, calls } = tokenClient();
    await queue.send({ hello: "world" });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.method).toBe("POST");
    expect(call!.url).toBe(BASE);
    expect(call!.headers.authorization).toBe("Bearer tok-secret");
    expect(call!.headers["content-type"]).toBe("application/json");
    expect(call!.headers["x-auth-key"]).toBeUndefined();
    expect(call!.body).toEqual({ body: { hello: "world" }, content_type: "json" });
  });

  it("send maps contentType and delaySeconds to wire names", async () => {
    const { queue, calls } = tokenClient();
    await queue.send("plain", { contentType: "text", delaySeconds: 10 });
    expect(calls[0]!.body).toEqual({ body: "plain", content_type: "text", delay_seconds: 10 });
  });

  it("sendBatch posts to /batch with per-message and batch delays", async () => {
    const { queue, calls } = tokenClient();
    await queue.sendBatch([{ body: { n: 1 } }, { body: "x", contentType: "text", delaySeconds: 5 }], {
      delaySeconds: 2,
    });
    expect(calls[0]!.url).toBe(`${BASE}/batch`);
    expect(calls[0]!.body).toEqual({
      messages: [
        { body: { n: 1 }, content_type: "json" },
        { body: "x", content_type: "text", delay_seconds: 5 },
      ],
      delay_seconds: 2,
    });
  });

  it("pull posts batch_size and visibility_timeout_ms, or {} for the defaults", async () => {
    const { queue, calls } = tokenClient(() => envelope({ messages: [] }));
    await queue.pull({ batchSize: 10, visibilityTimeoutMs: 60_000 });
    await queue.pull();
    expect(calls[0]!.url).toBe(`${BASE}/pull`);
    expect(calls[0]!.body).toEqual({ batch_size: 10, visibility_timeout_ms: 60_000 });
    expect(calls[1]!.body).toEqual({});
  });

  it("ack posts acks and retries by lease id, accepting lease ids or messages", async () => {
    const { queue, calls } = tokenClient(() => envelope({ ackCount: 2, retryCount: 1, warnings: {} }));
    const result = await queue.ack({
      acks: ["L1", { leaseId: "L2" }],
      retries: [{ leaseId: "L3", delaySeconds: 30 }],
    });
    expect(calls[0]!.url).toBe(`${BASE}/ack`);
    expect(calls[0]!.body).toEqual({
      acks: [{ lease_id: "L1" }, { lease_id: "L2" }],
      retries: [{ lease_id: "L3", delay_seconds: 30 }],
    });
    expect(result).toEqual({ ackCount: 2, retryCount: 1, warnings: {} });
  });

  it("ack splits more than 100 lease ids into calls of 100 and adds the results up", async () => {
    const { queue, calls } = tokenClient((req) => {
      const body = req.body as { acks: unknown[]; retries: unknown[] };
      return envelope({ ackCount: body.acks.length, retryCount: body.retries.length, warnings: {} });
    });
    const acks = Array.from({ length: 150 }, (_, i) => `A${i}`);
    const retries = Array.from({ length: 60 }, (_, i) => ({ leaseId: `R${i}` }));
    const result = await queue.ack({ acks, retries });
    expect(calls.map((c) => (c.body as { acks: unknown[] }).acks.length)).toEqual([100, 50, 0]);
    expect(calls.map((c) => (c.body as { retries: unknown[] }).retries.length)).toEqual([0, 50, 10]);
    const sent = calls.flatMap((c) => {
      const body = c.body as { acks: { lease_id: string }[]; retries: { lease_id: string }[] };
      return [...body.acks, ...body.retries].map((x) => x.lease_id);
    });
    expect(sent).toEqual([...acks, ...retries.map((r) => r.leaseId)]);
    expect(result).toEqual({ ackCount: 150, retryCount: 60, warnings: {} });
  });

  it("ack with nothing to settle sends nothing", async () => {
    const { queue, calls } = tokenClient();
    expect(await queue.ack({})).toEqual({ ackCount: 0, retryCount: 0, warnings: {} });
    expect(calls).toHaveLength(0);
  });

  it("the email + key scheme sends X-Auth-Email and X-Auth-Key and no Authorization", async () => {
    const rec = recordingFetch(() => envelope({ messages: [] }));
    const queues = new QueuesClient({
      accountId: "acc123",
      apiEmail: "me@example.com",
      apiKey: "gk",
      fetch: rec.fetch,
    });
    const q = queues.queue("q456");
    await q.send({ a: 1 });
    await q.sendBatch([{ body: { a: 1 } }]);
    await q.pull();
    await q.ack({ acks: ["L"] });
    expect(rec.calls).toHaveLength(4);
    for (const call of rec.calls) {
      expect(call.headers["x-auth-email"]).toBe("me@example.com");
      expect(call.headers["x-auth-key"]).toBe("gk");
      expect(call.headers.authorization).toBeUndefined();
    }
  });

  it("baseUrl (with or without a trailing slash) and extra headers are honoured", async () => {
    const rec = recordingFetch();
    const queues = new QueuesClient({
      accountId: "a",
      apiToken: "t",
      baseUrl: "http://127.0.0.1:8787/client/v4/",
      headers: { "user-agent": "my-app/1.0" },
      fetch: rec.fetch,
    });
    await queues.queue("orders").send({ x: 1 });
    expect(rec.calls[0]!.url).toBe("http://127.0.0.1:8787/client/v4/accounts/a/queues/orders/messages");
    expect(rec.calls[0]!.headers["user-agent"]).toBe("my-app/1.0");
  });

  it("path parameters are URL-encoded", async () => {
    const rec = recordingFetch();
    const queues = new QueuesClient({ accountId: "a/b", apiToken: "t", fetch: rec.fetch });
    await queues.queue("q?x").send({ x: 1 });
    expect(rec.calls[0]!.url).toBe(
      "https://api.cloudflare.com/client/v4/accounts/a%2Fb/queues/q%3Fx/messages",
    );
  });

  it("uses the global fetch by default, looked up at call time", async () => {
    const rec = recordingFetch();
    const original = globalThis.fetch;
    globalThis.fetch = rec.fetch;
    try {
      await new QueuesClient({ accountId: "a", apiToken: "t" }).queue("q").send({ x: 1 });
    } finally {
      globalThis.fetch = original;
    }
    expect(rec.calls).toHaveLength(1);
  });

  it("raw exposes the generated operations with wire names, bound to base URL, auth and transport", async () => {
    const { queues, calls } = tokenClient(() => envelope({ ackCount: 1, retryCount: 0, warnings: {} }));
    const { data, response } = await queues.raw.queuesAckMessages({
      params: { path: { account_id: "acc123", queue_id: "q456" } },
      body: { acks: [{ lease_id: "L" }] },
    });
    expect(response.status).toBe(200);
    expect(data?.result).toEqual({ ackCount: 1, retryCount: 0, warnings: {} });
    expect(calls[0]!.url).toBe(`${BASE}/ack`);
    expect(calls[0]!.headers.authorization).toBe("Bearer tok-secret");
    expect(Object.keys(queues.raw).sort()).toEqual([
      "queuesAckMessages",
      "queuesExtendMessages",
      "queuesPeekMessages",
      "queuesPullMessages",
      "queuesPurgeMessages",
      "queuesPushMessage",
      "queuesPushMessages",
    ]);
  });
});

describe("construction", () => {
  it.each([
    [{ accountId: "a" }, /credentials are required/],
    [{ accountId: "a", apiToken: "t", apiEmail: "e", apiKey: "k" }, /not both/],
    [{ accountId: "a", apiToken: "t", apiKey: "k" }, /not both/],
    [{ accountId: "a", apiEmail: "e" }, /apiEmail needs apiKey/],
    [{ accountId: "a", apiKey: "k" }, /apiKey needs apiEmail/],
    [{ apiToken: "t" }, /^accountId must be a non-empty string \(the account id\); got undefined$/],
  ])("refuses %j with a QueuesValidationError", (options, message) => {
    expect(() => new QueuesClient(options as never)).toThrow(QueuesValidationError);
    expect(() => new QueuesClient(options as never)).toThrow(message);
  });

  it("never puts a credential in a construction error", () => {
    for (const options of [
      { accountId: "a", apiToken: "SECRET1", apiKey: "SECRET2" },
      { accountId: "a", apiEmail: "SECRET3@x" },
      { accountId: "a", apiKey: "SECRET4" },
    ]) {
      try {
        new QueuesClient(options as never);
        expect.unreachable();
      } catch (error) {
        expect(String(error)).not.toMatch(/SECRET/);
      }
    }
  });
});
