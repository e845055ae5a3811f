import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEmulator } from "../../src/emulator/index.js";

const OPS = ["", "/batch", "/pull", "/ack"] as const;

/** Values of the wrong type for any field: huge and fractional numbers, strings, nulls, nesting. */
const wrong = fc.oneof(
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -1, 1.5, Number.MIN_VALUE, "5", "", null, true, [], {}, [
    [[[]]],
  ]),
  fc.string(),
  fc.double({ noNaN: true }),
  fc.integer({ min: 100_001, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: -1 }),
);

/** Deep nesting at a typed field of `op`, written as text: JSON.stringify itself would run out of stack. */
const deeplyNested = (op: (typeof OPS)[number]) =>
  fc.integer({ min: 2_000, max: 50_000 }).map((depth) => {
    const deep = `${"[".repeat(depth)}"deep"${"]".repeat(depth)}`;
    const field = {
      "": '"body":"x","content_type"',
      "/batch": '"messages"',
      "/pull": '"batch_size"',
      "/ack": '"acks"',
    }[op];
    return `{${field}:${deep}}`;
  });

/** A request body that breaks the schema of `op`: for each op, its required or typed fields made wrong. */
const invalidJson = (op: (typeof OPS)[number]): fc.Arbitrary<unknown> => {
  const topLevel = fc.oneof(
    fc.string(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.jsonValue(), { maxLength: 3 }),
  );
  const fields: Record<(typeof OPS)[number], fc.Arbitrary<unknown>> = {
    "": fc.oneof(
      fc.record({ content_type: fc.constantFrom("json", "text") }), // no body
      fc.record({ body: wrong.filter((v) => typeof v !== "object" || Array.isArray(v) || v === null) }), // json needs an object
      fc.record({ body: fc.object(), content_type: fc.constant("text") }),
      fc.record({ body: fc.object(), content_type: fc.string().filter((s) => s !== "json" && s !== "text") }),
      fc.record({
        body: fc.object(),
        delay_seconds: wrong.filter(
          (v) => !(Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 86_400),
        ),
      }),
    ),
    "/batch": fc.oneof(
      fc.record({ delay_seconds: fc.nat() }), // no messages
      fc.record({ messages: fc.constant([]) }),
      fc.record({ messages: fc.array(wrong, { minLength: 1, maxLength: 3 }) }),
      fc.record({
        messages: fc.constant([{ body: {} }]),
        delay_seconds: wrong.filter(
          (v) => !(Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 86_400),
        ),
      }),
      fc
        .integer({ min: 101, max: 150 })
        .map((n) => ({ messages: Array.from({ length: n }, () => ({ body: {} })) })),
    ),
    "/pull": fc.oneof(
      fc.record({
        batch_size: wrong.filter((v) => !(Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 100)),
      }),
      fc.record({
        visibility_timeout_ms: wrong.filter(
          (v) => !(Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 43_200_000),
        ),
      }),
    ),
    "/ack": fc.oneof(
      fc.record({ acks: wrong.filter((v) => !Array.isArray(v) || (v as unknown[]).length > 0) }),
      fc.record({
        acks: fc.array(fc.record({ lease_id: wrong.filter((v) => typeof v !== "string" || v === "") }), {
          minLength: 1,
        }),
      }),
      fc.record({ retries: fc.constant([{ delay_seconds: 1 }]) }),
      fc.record({
        retries: fc.array(
          fc.record({
            lease_id: fc.constant("L"),
            delay_seconds: wrong.filter(
              (v) => !(Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 86_400),
            ),
          }),
          { minLength: 1 },
        ),
      }),
    ),
  };
  return fc.oneof(topLevel, fields[op]);
};

type Body = { bytes: Uint8Array | string; contentType: string };

/** The Content-Types read as JSON: JSON's own, and curl's default for `--data`. */
const readAsJson = fc.constantFrom("application/json", "application/x-www-form-urlencoded");

const malformed = (op: (typeof OPS)[number]): fc.Arbitrary<Body> =>
  fc.oneof(
    fc
      .tuple(invalidJson(op), readAsJson)
      .map(([v, contentType]) => ({ bytes: JSON.stringify(v), contentType })),
    fc
      .tuple(
        fc.string().filter((s) => {
          try {
            JSON.parse(s);
            return false;
          } catch {
            return true;
          }
        }),
        readAsJson,
      )
      .map(([s, contentType]) => ({ bytes: s, contentType })),
    fc.constant({ bytes: "", contentType: "application/json" }),
    deeplyNested(op).map((bytes) => ({ bytes, contentType: "application/json" })),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((raw) => ({
      bytes: new Uint8Array([
        ...new TextEncoder().encode('{"body":"'),
        0xc3,
        0x28,
        ...raw,
        ...new TextEncoder().encode('"}'),
      ]),
      contentType: "application/json",
    })),
    fc.constantFrom("text/plain", "multipart/form-data; boundary=x", "").map((contentType) => ({
      bytes: '{"body":{"a":1}}',
      contentType,
    })),
  );

describe("malformed requests (fast-check)", () => {
  it("always get a valid v4 failure envelope with a 4xx, and change nothing", async () => {
    const emulator = createEmulator({ queues: { q: {} } });
    const send = (op: string, body: Body) =>
      emulator.fetch(`http://x/client/v4/accounts/a/queues/q/messages${op}`, {
        method: "POST",
        headers: body.contentType ? { "content-type": body.contentType } : {},
        body: body.bytes as BodyInit,
      });
    // something leased and something waiting, so that a wrong change would show
    await send("/batch", {
      bytes: JSON.stringify({ messages: [{ body: { a: 1 } }, { body: { b: 2 } }] }),
      contentType: "application/json",
    });
    await send("/pull", { bytes: '{"batch_size":1}', contentType: "application/json" });
    const before = emulator.metrics("q");

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...OPS).chain((op) => fc.tuple(fc.constant(op), malformed(op))),
        async ([op, body]) => {
          const response = await send(op, body);
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          expect(response.headers.get("content-type")).toBe("application/json");
          const envelope = await response.json();
          expect(envelope).toEqual({
            success: false,
            errors: [expect.objectContaining({ code: expect.any(Number), message: expect.any(String) })],
            messages: [],
            result: null,
          });
          expect(emulator.metrics("q")).toEqual(before);
          expect(emulator.queueIds()).toEqual(["q"]);
        },
      ),
      { numRuns: 400 },
    );
  });
});
