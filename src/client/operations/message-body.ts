/**
 * One message to push, checked and serialised: what `send`, `sendBatch` and the producer share. The
 * byte count is the one the API limits (UTF-8 of the text, or of the JSON), computed once here.
 */
import { checkInteger, checkObject, isPlainObject, refuse } from "../../core/check.js";
import { LIMITS } from "../../core/limits.js";
import { utf8Length } from "../../core/utf8.js";

/** The fields of a message object (`sendBatch` items, `MessageSendRequest`). */
export const MESSAGE_FIELDS = ["body", "contentType", "delaySeconds"] as const;

export interface EncodedMessage {
  /** The wire JSON: `{"body":…,"content_type":…,"delay_seconds":…}`. */
  json: string;
  /** UTF-8 bytes of the body, as the API counts them against its limits. */
  bytes: number;
}

export const checkDelay = (field: string, value: unknown) =>
  checkInteger(field, value, { min: 0, max: LIMITS.maxDelaySeconds });

/**
 * @param field the message's path in errors: `message` for `send`, `messages[3]` for a batch
 */
export function encodeMessage(
  body: unknown,
  contentType: unknown,
  delaySeconds: unknown,
  field: string,
): EncodedMessage {
  checkDelay(`${field}.delaySeconds`, delaySeconds);
  if (contentType !== undefined && contentType !== "json" && contentType !== "text")
    refuse({ field: `${field}.contentType`, value: contentType, limit: '"json" or "text"' });
  const text = contentType === "text";
  if (text && typeof body !== "string")
    refuse({ field: `${field}.body`, value: body, limit: 'a string when contentType is "text"' });
  if (!text) checkJsonBody(body, `${field}.body`);
  const json = JSON.stringify(body);
  const bytes = utf8Length(text ? (body as string) : json);
  if (bytes > LIMITS.messageBytes)
    refuse({
      field: `${field}.body`,
      value: bytes,
      limit: `at most ${LIMITS.messageBytes} bytes of UTF-8`,
      shown: `${bytes} bytes`,
    });
  return {
    json: `{"body":${json},"content_type":"${text ? "text" : "json"}"${delayField(delaySeconds)}}`,
    bytes,
  };
}

/** A batch as the API limits it: 1 to 100 messages, at most 256,000 bytes of bodies in all. */
export function checkBatch(messages: readonly EncodedMessage[]): void {
  const count = messages.length;
  if (count < 1 || count > LIMITS.batchCount)
    refuse({
      field: "messages",
      value: count,
      limit: `1 to ${LIMITS.batchCount} messages`,
      shown: `${count} messages`,
    });
  const bytes = messages.reduce((sum, message) => sum + message.bytes, 0);
  if (bytes > LIMITS.batchBytes)
    refuse({
      field: "messages",
      value: bytes,
      limit: `at most ${LIMITS.batchBytes} bytes of bodies in all`,
      shown: `${bytes} bytes`,
    });
}

/** The body of a batch push of already encoded messages: `{"messages":[…]}`. */
export const batchBody = (messages: readonly EncodedMessage[], delaySeconds?: unknown) =>
  `{"messages":[${messages.map((message) => message.json).join(",")}]${delayField(delaySeconds)}}`;

/** `,"delay_seconds":N`, or nothing when `delaySeconds` is not given. */
const delayField = (delaySeconds: unknown) =>
  delaySeconds === undefined ? "" : `,"delay_seconds":${delaySeconds}`;

/** A message object of a batch: `{ body, contentType?, delaySeconds? }`, nothing else. */
export function encodeMessageObject(message: unknown, field: string): EncodedMessage {
  checkObject(field, message, MESSAGE_FIELDS, {
    what: field,
    noun: "field",
    shape: "{ body, contentType?, delaySeconds? }",
  });
  const { body, contentType, delaySeconds } = message!;
  return encodeMessage(body, contentType, delaySeconds, field);
}

/** A `json` body: a plain object whose every value JSON carries as given. */
function checkJsonBody(body: unknown, field: string): void {
  if (!isPlainObject(body)) {
    refuse({
      field,
      value: body,
      limit: 'a plain JSON object when contentType is "json" (the default)',
      hint: typeof body === "string" ? 'for a string body, pass contentType: "text"' : undefined,
    });
  }
  checkJsonValue(body, field, []);
}

/**
 * Checks that `value` is what JSON carries as given: no undefined, function, symbol, bigint, NaN,
 * Infinity, Map, Set, class instance or cycle (each would be dropped, changed, or fail to send).
 * Nested objects with `toJSON` (a Date) serialise themselves.
 */
function checkJsonValue(value: unknown, field: string, ancestors: object[]): void {
  const type = typeof value;
  if (type === "number") {
    if (!Number.isFinite(value)) refuse({ field, value, limit: "a finite number" });
  } else if (typeof value === "object" && value !== null) {
    if (ancestors.length > 0 && typeof (value as { toJSON?: unknown }).toJSON === "function") return;
    if (ancestors.includes(value))
      refuse({
        field,
        value: "[Circular]",
        limit: "free of cycles",
        shown: "a reference to one of its ancestors",
      });
    if (!isPlainObject(value) && !Array.isArray(value))
      refuse({ field, value, limit: "a plain object or array" });
    ancestors.push(value);
    for (const [key, child] of Object.entries(value)) {
      checkJsonValue(child, Array.isArray(value) ? `${field}[${key}]` : `${field}.${key}`, ancestors);
    }
    ancestors.pop();
  } else if (type !== "string" && type !== "boolean" && value !== null) {
    refuse({ field, value, limit: "a value JSON can carry" });
  }
}
