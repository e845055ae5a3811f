/** The queue metrics that push, batch push and pull answers carry (best effort on Cloudflare, exact in the emulator). */
import type { Schemas } from "../../internal/openapi.js";
import type { QueueMetrics } from "../types.js";

type WithMetrics = { metadata?: { metrics?: Partial<Schemas["Metrics"]> } } | null | undefined;

/** `undefined` when the answer carried no metrics; a 0 timestamp (unknown, or an empty queue) is `null`. */
export function decodeMetrics(result: unknown): QueueMetrics | undefined {
  const metrics = (result as WithMetrics)?.metadata?.metrics;
  if (!metrics) return undefined;
  const oldest = metrics.oldest_message_timestamp_ms;
  return {
    backlogCount: metrics.backlog_count ?? 0,
    backlogBytes: metrics.backlog_bytes ?? 0,
    oldestMessageTimestamp: oldest ? new Date(oldest) : null,
  };
}
