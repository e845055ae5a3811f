/**
 * A message to produce, checked and serialised once, when it is given: its wire JSON and byte
 * count (as `sendBatch` counts them), beside the body, content type and delay as given, for a
 * sender that needs those rather than the JSON (a Workers Queue binding).
 */
import {
  encodeMessage,
  encodeMessageObject,
  type EncodedMessage,
} from "../client/operations/message-body.js";
import type { MessageSendRequest } from "../client/types.js";

export interface PreparedMessage extends EncodedMessage {
  body: unknown;
  contentType: "json" | "text";
  delaySeconds: number | undefined;
}

/** `send(body, { contentType, delaySeconds })`; throws a `QueuesValidationError` naming `message`. */
export function prepareMessage(body: unknown, contentType: unknown, delaySeconds: unknown): PreparedMessage {
  const encoded = encodeMessage(body, contentType, delaySeconds, "message");
  return withOriginal(encoded, { body, contentType, delaySeconds } as MessageSendRequest);
}

/** An item of `sendMany`: `{ body, contentType?, delaySeconds? }`; errors name `messages[i]`. */
export function prepareItem(item: unknown, field: string): PreparedMessage {
  return withOriginal(encodeMessageObject(item, field), item as MessageSendRequest);
}

const withOriginal = (
  { json, bytes }: EncodedMessage,
  { body, contentType, delaySeconds }: MessageSendRequest,
): PreparedMessage => ({ json, bytes, body, contentType: contentType ?? "json", delaySeconds });
