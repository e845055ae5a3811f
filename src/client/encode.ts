/**
 * Checks every argument against the API's limits and serialises the request bodies, before anything
 * is sent. A problem is a {@link QueuesValidationError} naming the field, the value and the limit;
 * nothing is sent, so nothing is half-sent.
 */
import { check, checkInteger } from "../core/check.js";
import { LIMITS } from "../core/limits.js";
import { utf8Length } from "../core/utf8.js";
import type { JsonSendOptions, PullOptions, SendBatchOptions, TextSendOptions } from "./options.js";
import type { AckRequest, MessageSendRequest } from "./types.js";

const checkDelay = (field: string, value: unknown) => checkInteger(field, value, 0, LIMITS.maxDelaySeconds);

const isPlain = (value: object) => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || Array.isArray(value);
};

/**
 * Checks that `value` is what JSON carries as given: no undefined, function, symbol, bigint, NaN,
 * Infinity, Map, Set, class instance or cycle (each would be dropped, changed, or fail to send).
 * Objects with `toJSON` (a Date) serialise themselves.
 */
function checkJson(value: unknown, field: string, ancestors: object[]): void {
  const type = typeof value;
  if (type === "number") check(Number.isFinite(value), field, value, "a finite number");
  else if (type === "object" && value) {
    if ((value as { toJSON?: unknown }).toJSON) return;
    check(
      !ancestors.includes(value),
      field,
      "[Circular]",
      "free of cycles",
      "a reference to one of its ancestors",
    );
    check(
      isPlain(value),
      field,
      value,
      "a plain object or array",
      `a ${value.constructor?.name ?? "foreign object"}`,
    );
    ancestors.push(value);
    for (const [key, child] of Object.entries(value)) {
      checkJson(child, Array.isArray(value) ? `${field}[${key}]` : `${field}.${key}`, ancestors);
    }
    ancestors.pop();
  } else
    check(type === "string" || type === "boolean" || value === null, field, value, "a value JSON can carry");
}

/** One message as wire JSON (`{"body":…,"content_type":…}`), with its body's byte size. */
function encodeMessage({ body, contentType = "json", delaySeconds }: MessageSendRequest, field: string) {
  checkDelay(`${field}.delaySeconds`, delaySeconds);
  const text = contentType === "text";
  check(text || contentType === "json", `${field}.contentType`, contentType, '"json" or "text"');
  const isObject = typeof body === "object" && body && !Array.isArray(body);
  check(
    text ? typeof body === "string" : isObject,
    `${field}.body`,
    body,
    `${text ? "a string" : "a JSON object"} when contentType is "${contentType}"`,
  );
  if (!text) checkJson(body, `${field}.body`, []);
  const json = JSON.stringify(body);
  const bytes = utf8Length(text ? (body as string) : json);
  check(
    bytes <= LIMITS.messageBytes,
    `${field}.body`,
    bytes,
    `at most ${LIMITS.messageBytes} bytes of UTF-8`,
    `${bytes} bytes`,
  );
  const delay = delaySeconds === undefined ? "" : `,"delay_seconds":${delaySeconds}`;
  return { json: `{"body":${json},"content_type":"${contentType}"${delay}}`, bytes };
}

export const encodeSend = (
  body: unknown,
  { contentType, delaySeconds }: JsonSendOptions | TextSendOptions,
): string => encodeMessage({ body, contentType, delaySeconds } as MessageSendRequest, "message").json;

export function encodeBatch(
  messages: Iterable<MessageSendRequest>,
  { delaySeconds }: SendBatchOptions,
): string {
  checkDelay("delaySeconds", delaySeconds);
  const list = Array.from(messages, (message, i) => encodeMessage(message ?? {}, `messages[${i}]`));
  const count = list.length;
  check(count && count <= LIMITS.batchCount, "messages", count, `1 to ${LIMITS.batchCount} messages`);
  const total = list.reduce((sum, m) => sum + m.bytes, 0);
  check(
    total <= LIMITS.batchBytes,
    "messages",
    total,
    `at most ${LIMITS.batchBytes} bytes of bodies in all`,
    `${total} bytes`,
  );
  return `{"messages":[${list.map((m) => m.json)}]${delaySeconds === undefined ? "" : `,"delay_seconds":${delaySeconds}`}}`;
}

export function encodePull({ batchSize, visibilityTimeoutMs }: PullOptions): string {
  checkInteger("batchSize", batchSize, 1, LIMITS.maxBatchSize);
  checkInteger("visibilityTimeoutMs", visibilityTimeoutMs, 1, LIMITS.maxVisibilityTimeoutMs);
  return JSON.stringify({ batch_size: batchSize, visibility_timeout_ms: visibilityTimeoutMs });
}

/** The ack bodies: acks then retries, at most {@link LIMITS.ackChunk} lease ids per body. */
export function encodeAck({ acks = [], retries = [] }: AckRequest): string[] {
  const bodies: string[] = [];
  let ackPart: string[] = [];
  let retryPart: string[] = [];
  const flush = () => {
    bodies.push(`{"acks":[${ackPart}],"retries":[${retryPart}]}`);
    ackPart = [];
    retryPart = [];
  };
  const all = [...acks, ...retries];
  for (let i = 0; i < all.length; i++) {
    const ref = all[i]!;
    const isAck = i < acks.length;
    const field = isAck ? `acks[${i}]` : `retries[${i - acks.length}]`;
    const leaseId = typeof ref === "string" ? ref : ref?.leaseId;
    check(typeof leaseId === "string" && leaseId, field, leaseId ?? ref, "a non-empty lease id");
    const delay =
      isAck || typeof ref === "string" ? undefined : (ref as { delaySeconds?: number }).delaySeconds;
    checkDelay(`${field}.delaySeconds`, delay);
    const item = `{"lease_id":${JSON.stringify(leaseId)}${delay === undefined ? "" : `,"delay_seconds":${delay}`}}`;
    (isAck ? ackPart : retryPart).push(item);
    if (ackPart.length + retryPart.length === LIMITS.ackChunk) flush();
  }
  if (ackPart.length + retryPart.length) flush();
  return bodies;
}
