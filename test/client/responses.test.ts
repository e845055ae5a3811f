import { describe, expect, it } from "vitest";
import { CloudflareApiError, InvalidResponseError, QueuesClient } from "../../src/index.js";
import { envelope, failure, recordingFetch, type Responder } from "../helpers/recording-fetch.js";

const b64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

function queueAnswering(responder: Responder) {
  const rec = recordingFetch(responder);
  return new QueuesClient({ accountId: "acc", apiToken: "tok-secret", fetch: rec.fetch }).queue("q");
}

const metricsWire = { backlog_count: 3, backlog_bytes: 120, oldest_message_timestamp_ms: 1767225600000 };

describe("decoding answers", () => {
  it("pull decodes json (base64, UTF-8), text, bytes and keeps the wire fields", async () => {
    const q = queueAnswering(() =>
      envelope({
        message_backlog_count: 3,
        messages: [
          {
            id: "m1",
            body: b64(JSON.stringify({ city: "Zürich", n: 1 })),
            attempts: 1,
            lease_id: "L1",
            timestamp_ms: 1767225600000,
            metadata: {
              "CF-Content-Type": "json",
              "CF-sourceMessageSource": "api",
              "CF-msg-delay-secs": "30",
            },
          },
          {
            id: "m2",
            body: "plain",
            attempts: 2,
            lease_id: "L2",
            timestamp_ms: 1767225601250,
            metadata: { "CF-Content-Type": "text" },
          },
          {
            id: "m3",
            body: btoa("\x00\x01\xff"),
            attempts: 1,
            lease_id: "L3",
            timestamp_ms: 1,
            metadata: { "CF-Content-Type": "bytes" },
          },
        ],
        metadata: { metrics: metricsWire },
      }),
    );
    const { messages, backlogCount, metrics } = await q.pull();
    expect(backlogCount).toBe(3);
    expect(metrics).toEqual({
      backlogCount: 3,
      backlogBytes: 120,
      oldestMessageTimestamp: new Date(1767225600000),
    });
    expect(messages[0]!.toJSON()).toEqual({
      id: "m1",
      body: { city: "Zürich", n: 1 },
      contentType: "json",
      rawBody: b64(JSON.stringify({ city: "Zürich", n: 1 })),
      attempts: 1,
      leaseId: "L1",
      timestamp: new Date(1767225600000),
      metadata: { "CF-Content-Type": "json", "CF-sourceMessageSource": "api", "CF-msg-delay-secs": "30" },
    });
    expect(messages[1]).toMatchObject({ body: "plain", contentType: "text", attempts: 2, leaseId: "L2" });
    expect(messages[2]!.body).toEqual(new Uint8Array([0, 1, 255]));
    expect(messages[2]!.contentType).toBe("bytes");
  });

  it("a body that cannot be decoded does not sink the batch: it carries decodeError", async () => {
    const q = queueAnswering(() =>
      envelope({
        messages: [
          {
            id: "bad",
            body: "%%%not base64",
            attempts: 1,
            lease_id: "L",
            timestamp_ms: 1,
            metadata: { "CF-Content-Type": "json" },
          },
          {
            id: "ok",
            body: "fine",
            attempts: 1,
            lease_id: "M",
            timestamp_ms: 1,
            metadata: { "CF-Content-Type": "text" },
          },
        ],
      }),
    );
    const { messages } = await q.pull();
    expect(messages[0]!.body).toBeUndefined();
    expect(messages[0]!.decodeError?.message).toMatch(/cannot decode a json body/);
    expect(messages[1]!.body).toBe("fine");
    expect(messages[1]!.decodeError).toBeUndefined();
  });

  it("send and sendBatch resolve to the metrics; a 0 timestamp becomes null; none becomes undefined", async () => {
    const answers = [
      envelope({ metadata: { metrics: metricsWire } }),
      envelope({ metadata: { metrics: { ...metricsWire, oldest_message_timestamp_ms: 0 } } }),
      envelope(undefined),
      envelope(null),
    ];
    const q = queueAnswering((_, i) => answers[i]!);
    expect(await q.send({ a: 1 })).toEqual({
      metrics: { backlogCount: 3, backlogBytes: 120, oldestMessageTimestamp: new Date(1767225600000) },
    });
    expect((await q.sendBatch([{ body: { a: 1 } }])).metrics?.oldestMessageTimestamp).toBeNull();
    expect(await q.send({ a: 1 })).toEqual({ metrics: undefined });
    expect(await q.send({ a: 1 })).toEqual({ metrics: undefined });
  });

  it("pull tolerates a result without counts or messages", async () => {
    const q = queueAnswering(() => envelope({}));
    expect(await q.pull()).toEqual({ messages: [], backlogCount: 0, metrics: undefined });
  });

  it("ack fills missing counts with 0 and tolerates the legacy warnings list", async () => {
    const answers = [
      envelope({}),
      envelope({ ackCount: 1, warnings: ["lease expired"] }),
      envelope({ warnings: { L9: "lease not found" } }),
    ];
    const q = queueAnswering((_, i) => answers[i]!);
    expect(await q.ack({ acks: ["L"] })).toEqual({ ackCount: 0, retryCount: 0, warnings: {} });
    expect(await q.ack({ acks: ["L"] })).toEqual({
      ackCount: 1,
      retryCount: 0,
      warnings: { "0": "lease expired" },
    });
    expect(await q.ack({ acks: ["L9"] })).toEqual({
      ackCount: 0,
      retryCount: 0,
      warnings: { L9: "lease not found" },
    });
  });
});

describe("failures become CloudflareApiError", () => {
  it.each([
    [400, 10207, 'Expected object, received string at "body"', "queues-push-message"],
    [403, 10000, "Authentication error", "queues-push-message"],
    [404, 10104, "Queue not found", "queues-push-message"],
    [429, 971, "Please wait and consider throttling your request speed", "queues-push-message"],
    [500, 15000, "Unknown internal error", "queues-push-message"],
  ])("%i with code %i", async (status, code, message, operation) => {
    const q = queueAnswering(() => failure(status, code, message, { "cf-ray": "8abc-AMS" }));
    const error = await q.send({ a: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudflareApiError);
    expect(error).toMatchObject({
      name: "CloudflareApiError",
      status,
      code,
      operation,
      requestId: "8abc-AMS",
      errors: [{ code, message }],
      message: `Cloudflare API ${status} on ${operation}: ${code} ${message}`,
    });
  });

  it.each([
    [405, 0, "messages cannot be pulled unless http_pull mode is enabled"],
    [409, 409, "queue_delivery_paused"],
    [403, 10000, "Authentication error"],
  ])("pull: %i with code %i", async (status, code, message) => {
    const q = queueAnswering(() => failure(status, code, message));
    await expect(q.pull()).rejects.toMatchObject({
      status,
      code,
      requestId: undefined,
      message: `Cloudflare API ${status} on queues-pull-messages: ${code} ${message}`,
    });
  });

  it("success:false on a 200 keeps status 200", async () => {
    const q = queueAnswering(() =>
      envelope(null, { success: false, errors: [{ code: 15000, message: "Unknown internal error" }] }),
    );
    await expect(q.ack({ acks: ["L"] })).rejects.toMatchObject({
      name: "CloudflareApiError",
      status: 200,
      code: 15000,
      message: "Cloudflare API 200 on queues-ack-messages: 15000 Unknown internal error",
    });
  });

  it("an HTML error page says the body is not JSON, with its content type", async () => {
    const q = queueAnswering(
      () =>
        new Response("<html><body>502 Bad Gateway</body></html>", {
          status: 502,
          headers: { "content-type": "text/html" },
        }),
    );
    const error = (await q.pull().catch((e: unknown) => e)) as InvalidResponseError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toBeInstanceOf(CloudflareApiError);
    expect(error.reason).toBe("not-json");
    expect(error.status).toBe(502);
    expect(error.errors).toEqual([]);
    expect(error.code).toBeUndefined();
    expect(error.message).toBe(
      'Cloudflare API 502 on queues-pull-messages: the response is not JSON (text/html): "<html><body>502 Bad Gateway</body></html>"',
    );
  });

  it("a 200 whose body is not JSON, is empty, or is JSON without an envelope: three distinct diagnoses", async () => {
    const answers = [
      new Response("OK", { status: 200, headers: { "content-type": "text/plain" } }),
      new Response("", { status: 200 }),
      new Response(JSON.stringify([1, 2]), { status: 200, headers: { "content-type": "application/json" } }),
    ];
    const q = queueAnswering((_, i) => answers[i]!);
    const options = { retryPushes: "never" } as const;
    const errors = [];
    for (let i = 0; i < 3; i++)
      errors.push((await q.send({ a: 1 }, options).catch((e: unknown) => e)) as InvalidResponseError);
    expect(errors.map((e) => [e.name, e.reason, e.status])).toEqual([
      ["InvalidResponseError", "not-json", 200],
      ["InvalidResponseError", "empty", 200],
      ["InvalidResponseError", "not-envelope", 200],
    ]);
    expect(errors[0]!.message).toBe(
      'Cloudflare API 200 on queues-push-message: the response is not JSON (text/plain): "OK"',
    );
    expect(errors[1]!.message).toBe(
      "Cloudflare API 200 on queues-push-message: the response body is empty (text/plain;charset=UTF-8)",
    );
    expect(errors[2]!.message).toBe(
      'Cloudflare API 200 on queues-push-message: the response is JSON but not a Cloudflare v4 envelope (application/json): "[1,2]"',
    );
  });
});

describe("decoding without Node's Buffer (browsers, Workers)", () => {
  it("falls back to atob and TextDecoder, with the same results", async () => {
    const { vi } = await import("vitest");
    vi.resetModules();
    vi.stubGlobal("Buffer", undefined);
    try {
      const { toMessage } = await import("../../src/client/message.js");
      const json = toMessage({
        body: b64(JSON.stringify({ city: "Zürich" })),
        metadata: { "CF-Content-Type": "json" },
      });
      expect(json.body).toEqual({ city: "Zürich" });
      const bytes = toMessage({ body: btoa("\x00\xff"), metadata: { "CF-Content-Type": "bytes" } });
      expect(bytes.body).toEqual(new Uint8Array([0, 255]));
      const broken = toMessage({ body: "%%%", metadata: { "CF-Content-Type": "json" } });
      expect(broken.body).toBeUndefined();
      expect(broken.decodeError?.message).toMatch(/cannot decode a json body/);
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });
});

describe("pulled messages as objects", () => {
  it("show their decoded body in JSON.stringify and util.inspect, and decode once", async () => {
    const { inspect } = await import("node:util");
    const q = queueAnswering(() =>
      envelope({
        messages: [
          {
            id: "m",
            body: b64('{"n":1}'),
            attempts: 1,
            lease_id: "L",
            timestamp_ms: 0,
            metadata: { "CF-Content-Type": "json" },
          },
        ],
      }),
    );
    const [message] = (await q.pull()).messages;
    expect(JSON.parse(JSON.stringify(message))).toMatchObject({ id: "m", body: { n: 1 }, leaseId: "L" });
    expect(inspect(message)).toContain("body: { n: 1 }");
    expect(message!.body).toBe(message!.body); // decoded once, the same object every read
    const { body, leaseId } = message!;
    expect({ body, leaseId }).toEqual({ body: { n: 1 }, leaseId: "L" });
  });
});
