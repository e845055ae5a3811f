// What TypeScript would catch, from a plain JavaScript caller: every public entry point refuses bad
// input with a QueuesValidationError that names the field, the value and the expectation, and
// sends nothing.
import { describe, expect, it } from "vitest";
import { QueuesClient, QueuesError, QueuesValidationError } from "../../src/index.js";
import { everythingAbout } from "../helpers/renderings.js";
import { envelope, recordingFetch } from "../helpers/recording-fetch.js";

function setup() {
  const rec = recordingFetch(() => envelope({ ackCount: 0, retryCount: 0, warnings: {} }));
  const queues = new QueuesClient({ accountId: "a", apiToken: "t", fetch: rec.fetch });
  return { queues, q: queues.queue("q") as any, calls: rec.calls };
}

/** Runs `call` (sync or async), expecting a QueuesValidationError; checks nothing was sent. */
async function refusal(call: () => unknown, calls: unknown[]): Promise<QueuesValidationError> {
  let error: unknown;
  try {
    await call();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(QueuesValidationError);
  expect(error).toBeInstanceOf(QueuesError);
  expect(calls).toHaveLength(0);
  return error as QueuesValidationError;
}

describe("calls refuse what JavaScript lets through", () => {
  it.each([
    [
      "sendBatch(undefined)",
      (q: any) => q.sendBatch(undefined),
      "messages",
      /an array \(or another iterable\) of 1 to 100 messages; got undefined$/,
    ],
    [
      'sendBatch("abc"): a string is iterable, but not a list of messages',
      (q: any) => q.sendBatch("abc"),
      "messages",
      /; got "abc"$/,
    ],
    [
      "sendBatch([1])",
      (q: any) => q.sendBatch([1]),
      "messages[0]",
      /an object \{ body, contentType\?, delaySeconds\? \}; got 1$/,
    ],
    ["pull(null)", (q: any) => q.pull(null), "options", /must be an object of options; got null$/],
    ["pull(5)", (q: any) => q.pull(5), "options", /got 5$/],
    [
      "ack()",
      (q: any) => q.ack(),
      "request",
      /^request must be an object \{ acks\?, retries\? \}; got undefined$/,
    ],
    [
      'ack({ acks: "abc" }): no lease ids "a", "b", "c"',
      (q: any) => q.ack({ acks: "abc" }),
      "acks",
      /got "abc"$/,
    ],
    [
      "ack({ acks: [5] })",
      (q: any) => q.ack({ acks: [5] }),
      "acks[0]",
      /a lease id \(a non-empty string\) or a pulled message; got 5$/,
    ],
    [
      "send(new Date())",
      (q: any) => q.send(new Date(0)),
      "message.body",
      /a plain JSON object when contentType is "json" \(the default\); got a Date$/,
    ],
    ["send({ a: 1n })", (q: any) => q.send({ a: 1n }), "message.body.a", /a value JSON can carry; got 1n$/],
    [
      'send("hello") without contentType',
      (q: any) => q.send("hello"),
      "message.body",
      /got "hello" \(for a string body, pass contentType: "text"\)$/,
    ],
    [
      "send(body, { signal: {} })",
      (q: any) => q.send({}, { signal: {} }),
      "signal",
      /an AbortSignal; got an object$/,
    ],
    ['pull({ onRetry: "log" })', (q: any) => q.pull({ onRetry: "log" }), "onRetry", /a function; got "log"$/],
    [
      'pull({ retryPushes: "sometimes" })',
      (q: any) => q.pull({ retryPushes: "sometimes" }),
      "retryPushes",
      /one of "always", "safe", "never"/,
    ],
  ])("%s", async (_, call, field, message) => {
    const { q, calls } = setup();
    const error = await refusal(() => call(q), calls);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it.each([
    [
      "pull({ batch_size: 500 })",
      (q: any) => q.pull({ batch_size: 500 }),
      "batch_size",
      '"batch_size" is not an option of pull: did you mean "batchSize"?',
    ],
    [
      "pull({ visibilityTimeout: 5 })",
      (q: any) => q.pull({ visibilityTimeout: 5 }),
      "visibilityTimeout",
      'did you mean "visibilityTimeoutMs"?',
    ],
    [
      "sendBatch([{ body, delay_seconds }])",
      (q: any) => q.sendBatch([{ body: {}, delay_seconds: 3 }]),
      "messages[0].delay_seconds",
      '"delay_seconds" is not a field of messages[0]: did you mean "delaySeconds"?',
    ],
    [
      "send(body, { content_type })",
      (q: any) => q.send("x", { content_type: "text" }),
      "content_type",
      'did you mean "contentType"?',
    ],
    [
      "ack({ ack: [...] })",
      (q: any) => q.ack({ ack: ["L1"] }),
      "ack",
      '"ack" is not a field of ack: did you mean "acks"?',
    ],
    [
      "ack({ retries: [{ lease_id }] })",
      (q: any) => q.ack({ retries: [{ leaseId: "L", delay: 5 }] }),
      "retries[0].delay",
      'did you mean "delaySeconds"?',
    ],
    [
      "pull({ backoff: { base: 1 } })",
      (q: any) => q.pull({ backoff: { base: 1 } }),
      "backoff.base",
      'did you mean "baseMs"?',
    ],
    [
      "pull({ banana: 1 })",
      (q: any) => q.pull({ banana: 1 }),
      "banana",
      '"banana" is not an option of pull (known: batchSize, visibilityTimeoutMs, maxRetries',
    ],
  ])("an unknown key: %s", async (_, call, field, message) => {
    const { q, calls } = setup();
    const error = await refusal(() => call(q), calls);
    expect(error.field).toBe(field);
    expect(error.message).toContain(message);
  });

  it("queue() needs a queue id", async () => {
    const { queues, calls } = setup();
    const error = await refusal(() => queues.queue(5 as never), calls);
    expect(error.message).toBe("queueId must be a non-empty string (the queue's id); got 5");
  });
});

describe("the constructor refuses what JavaScript lets through", () => {
  const base = { accountId: "acc", apiToken: "tok_ConstructorTest_0042" };

  it.each([
    [{ ...base, fetch: "x" }, "fetch", /^fetch must be a function; got "x"$/],
    [{ ...base, baseUrl: "not a url" }, "baseUrl", /an absolute http\(s\) URL .*; got "not a url"$/],
    [{ ...base, baseUrl: "ftp://example.com/client/v4" }, "baseUrl", /got "ftp:/],
    [{ ...base, baseUrl: "https://example.com/v4?x=1" }, "baseUrl", /a URL without a query or fragment/],
    [{ ...base, maxRetries: -1 }, "maxRetries", /an integer of at least 0; got -1$/],
    [{ ...base, headers: { "user-agent": 5 } }, "headers.user-agent", /a string; got 5$/],
    [
      { ...base, accountID: "acc" },
      "accountID",
      /"accountID" is not an option of QueuesClient: did you mean "accountId"\?/,
    ],
    [{ ...base, apitoken: "x" }, "apitoken", /did you mean "apiToken"\?/],
    [
      null,
      "options",
      /^options must be an object \{ accountId, apiToken \} or \{ accountId, apiEmail, apiKey \}; got null$/,
    ],
  ])("%j", async (options, field, message) => {
    const error = await refusal(() => new QueuesClient(options as never), []);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it.each([
    [
      { accountId: "acc", apiToken: 123 },
      "apiToken",
      "apiToken must be a non-empty string of visible ASCII characters; got a number",
    ],
    [
      { accountId: "acc", apiToken: "tok_Secret_With_Newline\n" },
      "apiToken",
      "got a string with whitespace (a line break at the end?)",
    ],
    [{ accountId: "acc", apiEmail: "me@example.com", apiKey: "" }, "apiKey", "got an empty string"],
    [
      {
        accountId: "acc",
        apiToken: "tok_Secret_In_Header",
        headers: { Authorization: "Bearer tok_Secret_In_Header" },
      },
      "headers.Authorization",
      "carries a credential: give it as apiToken",
    ],
    [
      { accountId: "acc", apiToken: "tok_x1", baseUrl: "https://user:tok_Secret_In_Url@example.com" },
      "baseUrl",
      "a URL without user:password@; got a URL with credentials in it",
    ],
  ])("a credential is refused without being shown or kept: %j", async (options, field, message) => {
    const error = await refusal(() => new QueuesClient(options as never), []);
    expect(error.field).toBe(field);
    expect(error.message).toContain(message);
    expect(error.value).toBeUndefined();
    const text = everythingAbout(error);
    for (const secret of ["tok_Secret_With_Newline", "tok_Secret_In_Header", "tok_Secret_In_Url"])
      expect(text).not.toContain(secret);
  });

  it("a call's options are checked like the client's, and win over them", async () => {
    const { q, calls } = setup();
    await q.pull({ maxRetries: 0, backoff: { capMs: 1 } });
    expect(calls).toHaveLength(1);
  });
});
