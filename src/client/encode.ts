/**
 * Checks every argument against the API's limits and serialises the request bodies, before anything
 * is sent. A problem is a {@link QueuesValidationError} naming the field, the value and the limit;
 * nothing is sent, so nothing is half-sent.
 */
import { QueuesValidationError } from "../core/errors.js";
import { LIMITS } from "../core/limits.js";
import { utf8Length } from "../core/utf8.js";
import type { JsonSendOptions, PullOptions, SendBatchOptions, TextSendOptions } from "./options.js";
import type { AckRequest, MessageSendRequest } from "./types.js";

const fail = (field: string, value: unknown, limit: string, shown?: string): never => {
  throw new QueuesValidationError(field, value, limit, shown);
};

function checkInteger(field: string, value: unknown, min: number, max: number): void {
  if (
    value !== undefined &&
    !(Number.isInteger(value) && (value as number) >= min && (value as number) <= max)
  ) {
    fail(field, value, `an integer from ${min} to ${max}`);
  }
}

/** Where `target` sits inside `root`, as `.a[2].b` (only looked for when something is wrong). */
function pathTo(root: unknown, target: object, at = ""): string | undefined {
  if (root === target) return at;
  if (typeof root !== "object" || root === null) return undefined;
  for (const [key, value] of Object.entries(root)) {
    const found = pathTo(value, target, Array.isArray(root) ? `${at}[${key}]` : `${at}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The path of the first reference back to an ancestor (only looked for after JSON.stringify refused a cycle). */
function cycleAt(value: unknown, ancestors: unknown[]): string {
  if (typeof value !== "object" || value === null) return "";
  ancestors.push(value);
  for (const [key, child] of Object.entries(value)) {
    const at = Array.isArray(value) ? `[${key}]` : `.${key}`;
    if (ancestors.includes(child)) return at;
    const deeper = cycleAt(child, ancestors);
    if (deeper) return at + deeper;
  }
  ancestors.pop();
  return "";
}

/**
 * Serialises a JSON body, refusing what JSON cannot carry as given (undefined, functions, symbols,
 * bigint, NaN, Infinity, Maps, Sets, typed arrays and cycles: each would be dropped, changed or fail).
 */
function toJson(body: object, field: string): string {
  try {
    return JSON.stringify(body, function (this: object, key, value: unknown) {
      const type = typeof value;
      if (type === "string" || type === "boolean" || value === null) return value;
      const where = () =>
        `${field}${pathTo({ "": body }, this)!.slice(1)}${key === "" ? "" : Array.isArray(this) ? `[${key}]` : `.${key}`}`;
      if (type === "number") return Number.isFinite(value) ? value : fail(where(), value, "a finite number");
      if (type !== "object") return fail(where(), value, "a value JSON can carry");
      if (value instanceof Map || value instanceof Set || ArrayBuffer.isView(value)) {
        fail(where(), value, "plain JSON", `a ${(value as object).constructor.name}`);
      }
      return value;
    });
  } catch (error) {
    if (error instanceof QueuesValidationError) throw error;
    return fail(
      field + cycleAt(body, []),
      "[Circular]",
      "free of cycles",
      "a reference to one of its ancestors",
    );
  }
}

/** One message as wire JSON (`{"body":…,"content_type":…}`), with its body's byte size. */
function encodeMessage({ body, contentType = "json", delaySeconds }: MessageSendRequest, field: string) {
  checkInteger(`${field}.delaySeconds`, delaySeconds, 0, LIMITS.maxDelaySeconds);
  let json: string;
  let bytes: number;
  if (contentType === "text") {
    if (typeof body !== "string") fail(`${field}.body`, body, 'a string when contentType is "text"');
    json = JSON.stringify(body);
    bytes = utf8Length(body as string);
  } else if (contentType === "json") {
    const plain =
      typeof body === "object" && body !== null && !Array.isArray(body) && !(body instanceof Date);
    if (!plain) fail(`${field}.body`, body, 'a JSON object when contentType is "json"');
    json = toJson(body as object, `${field}.body`);
    bytes = utf8Length(json);
  } else {
    return fail(`${field}.contentType`, contentType, '"json" or "text"');
  }
  if (bytes > LIMITS.messageBytes)
    fail(`${field}.body`, bytes, `at most ${LIMITS.messageBytes} bytes of UTF-8`, `${bytes} bytes`);
  const delay = delaySeconds === undefined ? "" : `,"delay_seconds":${delaySeconds}`;
  return { json: `{"body":${json},"content_type":"${contentType}"${delay}}`, bytes };
}

export function encodeSend(body: unknown, options: JsonSendOptions | TextSendOptions): string {
  return encodeMessage(
    { body, contentType: options.contentType, delaySeconds: options.delaySeconds } as MessageSendRequest,
    "message",
  ).json;
}

export function encodeBatch(
  messages: Iterable<MessageSendRequest>,
  { delaySeconds }: SendBatchOptions,
): string {
  checkInteger("delaySeconds", delaySeconds, 0, LIMITS.maxDelaySeconds);
  const list = Array.from(messages);
  if (!list.length || list.length > LIMITS.batchCount)
    fail("messages", list, `1 to ${LIMITS.batchCount} messages`, `${list.length}`);
  let total = 0;
  const parts = list.map((message, i) => {
    const encoded = encodeMessage(message ?? {}, `messages[${i}]`);
    total += encoded.bytes;
    return encoded.json;
  });
  if (total > LIMITS.batchBytes)
    fail("messages", total, `at most ${LIMITS.batchBytes} bytes of bodies in all`, `${total} bytes`);
  return `{"messages":[${parts}]${delaySeconds === undefined ? "" : `,"delay_seconds":${delaySeconds}`}}`;
}

export function encodePull({ batchSize, visibilityTimeoutMs }: PullOptions): string {
  checkInteger("batchSize", batchSize, 1, LIMITS.maxBatchSize);
  checkInteger("visibilityTimeoutMs", visibilityTimeoutMs, 1, LIMITS.maxVisibilityTimeoutMs);
  return JSON.stringify({ batch_size: batchSize, visibility_timeout_ms: visibilityTimeoutMs });
}

/** The ack bodies: acks then retries, at most {@link LIMITS.ackChunk} lease ids per body. */
export function encodeAck({ acks = [], retries = [] }: AckRequest): string[] {
  const items = [...acks, ...retries].map((ref, i) => {
    const field = i < acks.length ? `acks[${i}]` : `retries[${i - acks.length}]`;
    const leaseId = typeof ref === "string" ? ref : ref?.leaseId;
    if (typeof leaseId !== "string" || !leaseId) fail(field, leaseId ?? ref, "a non-empty lease id");
    const delaySeconds =
      i < acks.length || typeof ref === "string"
        ? undefined
        : (ref as { delaySeconds?: number }).delaySeconds;
    checkInteger(`${field}.delaySeconds`, delaySeconds, 0, LIMITS.maxDelaySeconds);
    return { lease_id: leaseId, delay_seconds: delaySeconds };
  });
  const bodies = [];
  for (let start = 0; start < items.length; start += LIMITS.ackChunk) {
    const chunk = items.slice(start, start + LIMITS.ackChunk);
    const split = Math.max(0, Math.min(chunk.length, acks.length - start));
    bodies.push(
      JSON.stringify({
        acks: chunk.slice(0, split).map(({ lease_id }) => ({ lease_id })),
        retries: chunk.slice(split),
      }),
    );
  }
  return bodies;
}
