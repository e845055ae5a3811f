/** `extend` (preview): keeps leases alive for `visibilityTimeoutMs` more, without a new attempt. */
import { checkInteger } from "../../core/check.js";
import { LIMITS } from "../../core/limits.js";
import { operations, type Schemas } from "../../internal/openapi.js";
import type { ExtendResult } from "../types.js";
import { addWarnings, chunk, decodeWarnings, idOf, jsonList, mapEach, type ChunkedCodec } from "./chunked.js";

const LEASE = "a lease id (a non-empty string) or a pulled message";

export const extend: ChunkedCodec<{ leases: unknown; visibilityTimeoutMs: unknown }, ExtendResult> = {
  operation: operations.queuesExtendMessages,
  method: "extend",
  options: ["visibilityTimeoutMs"],

  encode({ leases, visibilityTimeoutMs }) {
    checkInteger("visibilityTimeoutMs", visibilityTimeoutMs, { min: 1, max: LIMITS.maxVisibilityTimeoutMs });
    const encoded = mapEach(
      "leases",
      leases,
      "an array (or another iterable) of lease ids or pulled messages",
      (ref, field) => {
        const id = idOf(ref, "leaseId", field, LEASE);
        return { id, json: `{"lease_id":${JSON.stringify(id)}}` };
      },
    );
    const timeout =
      visibilityTimeoutMs === undefined ? "" : `,"visibility_timeout_ms":${visibilityTimeoutMs}`;
    return chunk(encoded, (slice) => `{"extend":${jsonList(slice)}${timeout}}`);
  },

  decode(result) {
    const wire = result as Partial<Schemas["ExtendResult"]> | null | undefined;
    return { extendCount: wire?.extendCount ?? 0, warnings: decodeWarnings(wire?.warnings) };
  },

  add: (total, part) => ({
    extendCount: total.extendCount + part.extendCount,
    warnings: addWarnings(total.warnings, part.warnings),
  }),

  empty: () => ({ extendCount: 0, warnings: {} }),
};
