/**
 * Stored state as the API shows it: the one place that turns a stored message into a pulled or a
 * peeked wire message, and a queue's backlog into metrics. Stored times are ms since the store's
 * epoch (see `QueueStore`); the wire's are ms since 1970.
 */
import { base64Utf8 } from "./base64.js";
import type { QueueState, StoredMessage } from "./queue-state.js";
import type { Schemas } from "./spec.js";

export type Metrics = Schemas["Metrics"];

/** What every wire message of a store shares: its message ids' prefix and its clock's epoch. */
export interface WireContext {
  idPrefix: string;
  epoch: number;
}

/**
 * A stored message on the wire: the fields pulled and peeked messages share (id, body, base64 for
 * `json` as Cloudflare's, metadata), then the handle that names it to the API.
 */
function wireMessage(
  message: StoredMessage,
  { idPrefix, epoch }: WireContext,
  handle: "lease_id" | "ref",
  id: string,
) {
  const metadata: Schemas["MessageMetadata"] = {
    "CF-Content-Type": message.contentType,
    "CF-sourceMessageSource": "api",
  };
  if (message.delaySeconds > 0) metadata["CF-msg-delay-secs"] = String(message.delaySeconds);
  const wire: Omit<Schemas["PulledMessage"], "lease_id"> & { lease_id?: string; ref?: string } = {
    id: idPrefix + message.seq.toString(16).padStart(16, "0"),
    body: message.contentType === "json" ? base64Utf8(message.body) : message.body,
    attempts: message.attempts,
    timestamp_ms: message.timestamp + epoch,
    metadata,
  };
  // The handle goes on the same object, not into a spread copy: this runs once per message pulled.
  wire[handle] = id;
  return wire;
}

export const pulledMessage = (message: StoredMessage, leaseId: string, context: WireContext) =>
  wireMessage(message, context, "lease_id", leaseId) as Schemas["PulledMessage"];

export const peekedMessage = (message: StoredMessage, ref: string, context: WireContext) =>
  wireMessage(message, context, "ref", ref) as Schemas["PeekedMessage"];

export function metricsOf(queue: QueueState, { epoch }: WireContext): Metrics {
  const { count, bytes, oldest } = queue.backlog();
  return {
    backlog_count: count,
    backlog_bytes: bytes,
    oldest_message_timestamp_ms: oldest ? oldest.timestamp + epoch : 0,
  };
}

/** Warnings as the wire's object. `Object.fromEntries` defines own properties: a `__proto__` key stays a key. */
export const warningsOf = (warnings: Map<string, string>): Record<string, string> =>
  Object.fromEntries(warnings);
