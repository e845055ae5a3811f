import { describe, expect, it } from "vitest";
import { QueuesClient, QueuesValidationError } from "../../src/index.js";
import { envelope, recordingFetch } from "../helpers/recording-fetch.js";

function setup() {
  const rec = recordingFetch(() => envelope({ ackCount: 0, retryCount: 0, warnings: {} }));
  const q = new QueuesClient({ accountId: "a", apiToken: "t", fetch: rec.fetch }).queue("q");
  return { q, calls: rec.calls };
}

async function refused(call: Promise<unknown>, calls: unknown[]) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(QueuesValidationError);
  expect(calls).toHaveLength(0); // nothing was sent
  return error as QueuesValidationError;
}

const cyclic: Record<string, unknown> = { a: 1 };
cyclic.self = cyclic;

describe("limits checked before sending: nothing is sent", () => {
  it.each([
    [
      "a json body over 128 KB",
      (q: any) => q.send({ s: "x".repeat(128_000) }),
      "message.body",
      /at most 128000 bytes of UTF-8; got 128008 bytes/,
    ],
    [
      "a text body over 128 KB in UTF-8 (not in characters)",
      (q: any) => q.send("é".repeat(64_001), { contentType: "text" }),
      "message.body",
      /got 128002 bytes/,
    ],
    [
      "a text body that is not a string",
      (q: any) => q.send({ a: 1 }, { contentType: "text" }),
      "message.body",
      /a string when contentType is "text"; got an object/,
    ],
    [
      "a json body that is a string",
      (q: any) => q.send("plain"),
      "message.body",
      /a plain JSON object when contentType is "json" \(the default\); got "plain" \(for a string body, pass contentType: "text"\)$/,
    ],
    [
      "a json body that is an array",
      (q: any) => q.send([1, 2]),
      "message.body",
      /a plain JSON object.*; got an array of 2$/,
    ],
    [
      "a json body that is null",
      (q: any) => q.send(null),
      "message.body",
      /a plain JSON object.*; got null$/,
    ],
    [
      "an unknown content type",
      (q: any) => q.send({}, { contentType: "xml" }),
      "message.contentType",
      /"json" or "text"; got "xml"/,
    ],
    [
      "undefined inside a json body",
      (q: any) => q.send({ a: { b: undefined } }),
      "message.body.a.b",
      /a value JSON can carry/,
    ],
    [
      "a function inside a json body",
      (q: any) => q.send({ f: () => 1 }),
      "message.body.f",
      /a value JSON can carry.*got a function/,
    ],
    ["a bigint inside a json body", (q: any) => q.send({ n: 10n }), "message.body.n", /got 10n$/],
    ["NaN inside a json body", (q: any) => q.send({ n: [1, NaN] }), "message.body.n[1]", /a finite number/],
    [
      "a cycle",
      (q: any) => q.send(cyclic),
      "message.body.self",
      /free of cycles; got a reference to one of its ancestors/,
    ],
    ["a Map", (q: any) => q.send({ m: new Map([[1, 2]]) }), "message.body.m", /got a Map/],
    [
      "a delay over 24 h",
      (q: any) => q.send({}, { delaySeconds: 86_401 }),
      "message.delaySeconds",
      /an integer from 0 to 86400; got 86401/,
    ],
    ["a negative delay", (q: any) => q.send({}, { delaySeconds: -1 }), "message.delaySeconds", /got -1/],
    ["a fractional delay", (q: any) => q.send({}, { delaySeconds: 1.5 }), "message.delaySeconds", /got 1.5/],
    ["an empty batch", (q: any) => q.sendBatch([]), "messages", /1 to 100 messages; got 0/],
    [
      "101 messages",
      (q: any) => q.sendBatch(Array.from({ length: 101 }, () => ({ body: {} }))),
      "messages",
      /got 101/,
    ],
    [
      "a batch over 256 KB",
      (q: any) => q.sendBatch([1, 2, 3].map(() => ({ body: "x".repeat(100_000), contentType: "text" }))),
      "messages",
      /at most 256000 bytes of bodies in all; got 300000 bytes/,
    ],
    [
      "a bad message in a batch",
      (q: any) => q.sendBatch([{ body: {} }, { body: "x" }]),
      "messages[1].body",
      /a plain JSON object when contentType is "json" \(the default\); got "x" \(for a string body, pass contentType: "text"\)$/,
    ],
    [
      "a bad batch delay",
      (q: any) => q.sendBatch([{ body: {} }], { delaySeconds: 100_000 }),
      "delaySeconds",
      /got 100000/,
    ],
    [
      "a bad delay on a batch message",
      (q: any) => q.sendBatch([{ body: {}, delaySeconds: 1e6 }]),
      "messages[0].delaySeconds",
      /got 1000000/,
    ],
    ["batchSize 0", (q: any) => q.pull({ batchSize: 0 }), "batchSize", /an integer from 1 to 100; got 0/],
    ["batchSize 101", (q: any) => q.pull({ batchSize: 101 }), "batchSize", /got 101/],
    [
      "visibilityTimeoutMs 0",
      (q: any) => q.pull({ visibilityTimeoutMs: 0 }),
      "visibilityTimeoutMs",
      /an integer from 1 to 43200000; got 0/,
    ],
    [
      "visibilityTimeoutMs over 12 h",
      (q: any) => q.pull({ visibilityTimeoutMs: 43_200_001 }),
      "visibilityTimeoutMs",
      /got 43200001/,
    ],
    [
      "an empty lease id",
      (q: any) => q.ack({ acks: [""] }),
      "acks[0]",
      /a lease id \(a non-empty string\) or a pulled message; got ""/,
    ],
    [
      "a retry without a lease id",
      (q: any) => q.ack({ retries: [{ delaySeconds: 1 }] }),
      "retries[0]",
      /a lease id \(a non-empty string\) or a pulled message; got an object/,
    ],
    [
      "a bad retry delay",
      (q: any) => q.ack({ retries: [{ leaseId: "L", delaySeconds: -5 }] }),
      "retries[0].delaySeconds",
      /got -5/,
    ],
  ])("%s", async (_, call, field, message) => {
    const { q, calls } = setup();
    const error = await refused(call(q), calls);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${field} must be `)).toBe(true);
    expect(error.limit.length).toBeGreaterThan(0);
  });

  it("an ack of 150 lease ids with one bad id sends no part of it", async () => {
    const { q, calls } = setup();
    const acks = Array.from({ length: 150 }, (_, i) => (i === 120 ? "" : `L${i}`));
    const error = await refused(q.ack({ acks }), calls);
    expect(error.field).toBe("acks[120]");
  });

  it("exactly at the limits is accepted", async () => {
    const { q, calls } = setup();
    await q.send("é".repeat(64_000), { contentType: "text", delaySeconds: 86_400 });
    await q.sendBatch([1, 2].map(() => ({ body: "x".repeat(128_000), contentType: "text" as const })));
    await q.sendBatch(
      Array.from({ length: 100 }, () => ({ body: {} })),
      { delaySeconds: 0 },
    );
    await q.pull({ batchSize: 100, visibilityTimeoutMs: 43_200_000 });
    await q.pull({ batchSize: 1, visibilityTimeoutMs: 1 });
    await q.send({ when: new Date(0), nested: [{ ok: true, n: null }] });
    expect(calls).toHaveLength(6);
    expect(calls[5]!.body).toEqual({
      body: { when: "1970-01-01T00:00:00.000Z", nested: [{ ok: true, n: null }] },
      content_type: "json",
    });
  });
});
