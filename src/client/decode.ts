/** Turns wire shapes (snake_case, base64 bodies) into the facade's shapes. Runs wherever fetch runs. */
import type { Schemas } from "../internal/openapi.js";
import type { AckResult, Message, QueueMetrics } from "./types.js";

type WireMessage = Partial<Schemas["PulledMessage"]>;

const utf8 = new TextDecoder("utf-8", { fatal: true });
const nonAscii = /[\x80-\xff]/;

/** Base64 (RFC 4648) to a binary string; throws on malformed input. */
const fromBase64 = (text: string): string => atob(text);

function binaryToBytes(binary: string): Uint8Array {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function decodeBody(contentType: string, raw: string): unknown {
  switch (contentType) {
    case "text":
      return raw;
    case "json": {
      const binary = fromBase64(raw);
      // ASCII is already valid UTF-8: skip the byte copy and the decoder for the common case.
      return JSON.parse(nonAscii.test(binary) ? utf8.decode(binaryToBytes(binary)) : binary);
    }
    case "bytes":
    case "v8":
      return binaryToBytes(fromBase64(raw));
    default:
      return raw;
  }
}

export function toMessage(wire: WireMessage): Message {
  const metadata = (wire.metadata ?? {}) as Record<string, string>;
  const contentType = metadata["CF-Content-Type"] ?? "json";
  const rawBody = wire.body ?? "";
  let body: unknown;
  let decodeError: Error | undefined;
  try {
    body = decodeBody(contentType, rawBody);
  } catch (error) {
    decodeError = new Error(`cannot decode a ${contentType} body: ${(error as Error).message}`);
  }
  const message = {
    id: wire.id ?? "",
    body,
    contentType,
    rawBody,
    attempts: wire.attempts ?? 0,
    leaseId: wire.lease_id ?? "",
    timestamp: new Date(wire.timestamp_ms ?? 0),
    metadata,
  };
  return decodeError ? { ...message, decodeError } : message;
}

export function toMetrics(
  metadata: { metrics?: Schemas["Metrics"] } | undefined | null,
): QueueMetrics | undefined {
  const m = metadata?.metrics;
  if (!m) return undefined;
  const oldest = m.oldest_message_timestamp_ms;
  return {
    backlogCount: m.backlog_count ?? 0,
    backlogBytes: m.backlog_bytes ?? 0,
    oldestMessageTimestamp: oldest ? new Date(oldest) : null,
  };
}

/** Reads an ack result tolerantly: counts may be missing, and `warnings` was once a list. */
export function toAckResult(result: Partial<Schemas["AckResult"]> | undefined | null): AckResult {
  const warnings: Record<string, string> = {};
  const wire = result?.warnings as Record<string, string> | string[] | undefined;
  if (wire) Object.assign(warnings, Array.isArray(wire) ? { ...wire } : wire);
  return { ackCount: result?.ackCount ?? 0, retryCount: result?.retryCount ?? 0, warnings };
}
