/**
 * Checks every argument against the API's limits and serialises the request bodies, before anything
 * is sent. A problem is a {@link QueuesValidationError} naming the field, the value and the limit;
 * nothing is sent, so nothing is half-sent.
 */
import { LIMITS } from "../core/limits.js";
import { QueuesValidationError } from "../core/errors.js";
import { utf8Length } from "../core/utf8.js";
import type { JsonSendOptions, PullOptions, SendBatchOptions, TextSendOptions } from "./options.js";
import type { AckRequest, MessageSendRequest } from "./types.js";

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

function checkInteger(field: string, value: unknown, min: number, max: number): void {
  if (
    value !== undefined &&
    !(Number.isInteger(value) && (value as number) >= min && (value as number) <= max)
  ) {
    throw new QueuesValidationError(field, value, `an integer from ${min} to ${max}`);
  }
}

/**
 * Refuses what JSON cannot carry as given (undefined, functions, symbols, bigint, NaN and
 * Infinity, cycles, Maps and Sets, which would be silently dropped or changed), naming its path.
 */
function checkJson(value: unknown, field: string, ancestors: object[]): void {
  switch (typeof value) {
    case "string":
    case "boolean":
      return;
    case "number":
      if (!Number.isFinite(value))
        throw new QueuesValidationError(field, value, "a finite number (JSON has no NaN or Infinity)");
      return;
    case "object":
      break;
    default:
      throw new QueuesValidationError(
        field,
        value,
        "a value JSON can carry (not undefined, a function, a symbol or a bigint)",
      );
  }
  if (value === null) return;
  if (ancestors.includes(value))
    throw new QueuesValidationError(
      field,
      "[Circular]",
      "free of cycles",
      "a reference to one of its ancestors",
    );
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return; // Date and friends serialise themselves
  if (value instanceof Map || value instanceof Set || ArrayBuffer.isView(value)) {
    throw new QueuesValidationError(
      field,
      value,
      "plain JSON (a Map, Set or typed array would be sent as {})",
      `a ${value.constructor.name}`,
    );
  }
  ancestors.push(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkJson(value[i], `${field}[${i}]`, ancestors);
  } else {
    for (const key of Object.keys(value))
      checkJson((value as Record<string, unknown>)[key], `${field}.${key}`, ancestors);
  }
  ancestors.pop();
}

interface EncodedMessage {
  json: string;
  bytes: number;
}

/** One message as wire JSON (`{"body":…,"content_type":…}`), with its body's byte size. */
function encodeMessage(message: MessageSendRequest, field: string): EncodedMessage {
  const { body, contentType = "json", delaySeconds } = message;
  checkInteger(`${field}.delaySeconds`, delaySeconds, 0, LIMITS.maxDelaySeconds);
  let bodyJson: string;
  let bytes: number;
  if (contentType === "text") {
    if (typeof body !== "string")
      throw new QueuesValidationError(`${field}.body`, body, 'a string when contentType is "text"');
    bodyJson = JSON.stringify(body);
    bytes = utf8Length(body);
  } else if (contentType === "json") {
    if (!isPlainObject(body))
      throw new QueuesValidationError(`${field}.body`, body, 'a JSON object when contentType is "json"');
    checkJson(body, `${field}.body`, []);
    bodyJson = JSON.stringify(body);
    bytes = utf8Length(bodyJson);
  } else {
    throw new QueuesValidationError(`${field}.contentType`, contentType, '"json" or "text"');
  }
  if (bytes > LIMITS.messageBytes) {
    throw new QueuesValidationError(
      `${field}.body`,
      bytes,
      `at most ${LIMITS.messageBytes} bytes of UTF-8`,
      `${bytes} bytes`,
    );
  }
  const delay = delaySeconds === undefined ? "" : `,"delay_seconds":${delaySeconds}`;
  return { json: `{"body":${bodyJson},"content_type":"${contentType}"${delay}}`, bytes };
}

export function encodeSend(body: unknown, options: JsonSendOptions | TextSendOptions): string {
  const message = {
    body,
    contentType: options.contentType,
    delaySeconds: options.delaySeconds,
  } as MessageSendRequest;
  const { json } = encodeMessage(message, "message");
  return json;
}

export function encodeBatch(messages: Iterable<MessageSendRequest>, options: SendBatchOptions): string {
  checkInteger("delaySeconds", options.delaySeconds, 0, LIMITS.maxDelaySeconds);
  const list = Array.from(messages);
  if (list.length === 0 || list.length > LIMITS.batchCount) {
    throw new QueuesValidationError("messages", list, `1 to ${LIMITS.batchCount} messages`, `${list.length}`);
  }
  let total = 0;
  const parts = list.map((message, i) => {
    if (!message || typeof message !== "object")
      throw new QueuesValidationError(
        `messages[${i}]`,
        message,
        "a { body, contentType?, delaySeconds? } object",
      );
    const encoded = encodeMessage(message, `messages[${i}]`);
    total += encoded.bytes;
    return encoded.json;
  });
  if (total > LIMITS.batchBytes) {
    throw new QueuesValidationError(
      "messages",
      total,
      `at most ${LIMITS.batchBytes} bytes of bodies in all`,
      `${total} bytes`,
    );
  }
  const delay = options.delaySeconds === undefined ? "" : `,"delay_seconds":${options.delaySeconds}`;
  return `{"messages":[${parts.join(",")}]${delay}}`;
}

export function encodePull(options: PullOptions): string {
  const { batchSize, visibilityTimeoutMs } = options;
  checkInteger("batchSize", batchSize, 1, LIMITS.maxBatchSize);
  checkInteger("visibilityTimeoutMs", visibilityTimeoutMs, 1, LIMITS.maxVisibilityTimeoutMs);
  if (batchSize === undefined)
    return visibilityTimeoutMs === undefined ? "{}" : `{"visibility_timeout_ms":${visibilityTimeoutMs}}`;
  return visibilityTimeoutMs === undefined
    ? `{"batch_size":${batchSize}}`
    : `{"batch_size":${batchSize},"visibility_timeout_ms":${visibilityTimeoutMs}}`;
}

function leaseIdOf(ref: unknown, field: string): string {
  const id = typeof ref === "string" ? ref : (ref as { leaseId?: unknown } | null)?.leaseId;
  if (typeof id !== "string" || id === "")
    throw new QueuesValidationError(field, id ?? ref, "a non-empty lease id");
  return id;
}

/** The ack bodies: acks then retries, at most {@link LIMITS.ackChunk} lease ids per body. */
export function encodeAck(request: AckRequest): string[] {
  const items: { kind: "acks" | "retries"; json: string }[] = [];
  (request.acks ?? []).forEach((ref, i) => {
    items.push({ kind: "acks", json: `{"lease_id":${JSON.stringify(leaseIdOf(ref, `acks[${i}]`))}}` });
  });
  (request.retries ?? []).forEach((ref, i) => {
    const leaseId = JSON.stringify(leaseIdOf(ref, `retries[${i}]`));
    const delay = typeof ref === "object" ? ref.delaySeconds : undefined;
    checkInteger(`retries[${i}].delaySeconds`, delay, 0, LIMITS.maxDelaySeconds);
    items.push({
      kind: "retries",
      json: `{"lease_id":${leaseId}${delay === undefined ? "" : `,"delay_seconds":${delay}`}}`,
    });
  });
  const bodies = [];
  for (let start = 0; start < items.length; start += LIMITS.ackChunk) {
    const chunk = items.slice(start, start + LIMITS.ackChunk);
    const acks = chunk.filter((c) => c.kind === "acks").map((c) => c.json);
    const retries = chunk.filter((c) => c.kind === "retries").map((c) => c.json);
    bodies.push(`{"acks":[${acks.join(",")}],"retries":[${retries.join(",")}]}`);
  }
  return bodies;
}
