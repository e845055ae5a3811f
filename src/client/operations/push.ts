/** `send` (one message) and `sendBatch` (1 to 100 messages, 256 KB): both resolve to the queue's metrics. */
import { checkIterable, refuse } from "../../core/check.js";
import { LIMITS } from "../../core/limits.js";
import { operations } from "../../internal/openapi.js";
import type { SendResult } from "../types.js";
import type { Codec } from "./codec.js";
import { batchBody, checkDelay, encodeMessage, encodeMessageObject } from "./message-body.js";
import { decodeMetrics } from "./metrics.js";

const decodePush = (result: unknown): SendResult => ({ metrics: decodeMetrics(result) });

export const send: Codec<
  { body: unknown; options: { contentType?: unknown; delaySeconds?: unknown } },
  SendResult
> = {
  operation: operations.queuesPushMessage,
  method: "send",
  options: ["contentType", "delaySeconds"],
  encode: ({ body, options }) =>
    encodeMessage(body, options.contentType, options.delaySeconds, "message").json,
  decode: decodePush,
};

export const sendBatch: Codec<{ messages: unknown; options: { delaySeconds?: unknown } }, SendResult> = {
  operation: operations.queuesPushMessages,
  method: "sendBatch",
  options: ["delaySeconds"],
  encode({ messages, options: { delaySeconds } }) {
    checkDelay("delaySeconds", delaySeconds);
    checkIterable("messages", messages, "an array (or another iterable) of 1 to 100 messages");
    const encoded = Array.from(messages, (message, i) => encodeMessageObject(message, `messages[${i}]`));
    const count = encoded.length;
    if (count < 1 || count > LIMITS.batchCount)
      refuse({
        field: "messages",
        value: count,
        limit: `1 to ${LIMITS.batchCount} messages`,
        shown: `${count} messages`,
      });
    const bytes = encoded.reduce((sum, message) => sum + message.bytes, 0);
    if (bytes > LIMITS.batchBytes)
      refuse({
        field: "messages",
        value: bytes,
        limit: `at most ${LIMITS.batchBytes} bytes of bodies in all`,
        shown: `${bytes} bytes`,
      });
    return batchBody(encoded, delaySeconds);
  },
  decode: decodePush,
};
