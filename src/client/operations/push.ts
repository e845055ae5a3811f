/** `send` (one message) and `sendBatch` (1 to 100 messages, 256 KB): both resolve to the queue's metrics. */
import { checkIterable } from "../../core/check.js";
import { operations } from "../../internal/openapi.js";
import type { SendResult } from "../types.js";
import type { Codec } from "./codec.js";
import { batchBody, checkBatch, checkDelay, encodeMessage, encodeMessageObject } from "./message-body.js";
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
    checkBatch(encoded);
    return batchBody(encoded, delaySeconds);
  },
  decode: decodePush,
};
