/** `pull`: leases up to `batchSize` messages for `visibilityTimeoutMs`. */
import { checkInteger } from "../../core/check.js";
import { LIMITS } from "../../core/limits.js";
import { operations, type Schemas } from "../../internal/openapi.js";
import { toMessage } from "../message.js";
import type { PullResult } from "../types.js";
import type { Codec } from "./codec.js";
import { decodeMetrics } from "./metrics.js";

type WirePullResult = Partial<Schemas["PullResult"]> | null | undefined;

export const pull: Codec<{ batchSize?: unknown; visibilityTimeoutMs?: unknown }, PullResult> = {
  operation: operations.queuesPullMessages,
  method: "pull",
  options: ["batchSize", "visibilityTimeoutMs"],
  encode({ batchSize, visibilityTimeoutMs }) {
    checkInteger("batchSize", batchSize, { min: 1, max: LIMITS.maxBatchSize });
    checkInteger("visibilityTimeoutMs", visibilityTimeoutMs, { min: 1, max: LIMITS.maxVisibilityTimeoutMs });
    return JSON.stringify({ batch_size: batchSize, visibility_timeout_ms: visibilityTimeoutMs });
  },
  decode(result) {
    const wire = result as WirePullResult;
    return {
      messages: (wire?.messages ?? []).map(toMessage),
      backlogCount: wire?.message_backlog_count ?? 0,
      metrics: decodeMetrics(wire),
    };
  },
};
