/** `ack`: acknowledges (deletes) and retries leased messages by lease id. */
import { checkObject, isPlainObject } from "../../core/check.js";
import { operations, type Schemas } from "../../internal/openapi.js";
import type { AckResult } from "../types.js";
import {
  addWarnings,
  chunk,
  decodeWarnings,
  idOf,
  jsonList,
  mapEach,
  type ChunkedCodec,
  type EncodedId,
} from "./chunked.js";
import { checkDelay } from "./message-body.js";

const REQUEST_FIELDS = ["acks", "retries"];
const RETRY_FIELDS = ["leaseId", "delaySeconds"];
const LEASE = "a lease id (a non-empty string) or a pulled message";

interface Settlement extends EncodedId {
  retry: boolean;
}

export const ack: ChunkedCodec<unknown, AckResult> = {
  operation: operations.queuesAckMessages,
  method: "ack",
  options: [],

  /** Acks first, then retries, at most {@link LIMITS.idsPerRequest} lease ids per request. */
  encode(request) {
    checkObject("", request, REQUEST_FIELDS, {
      what: "ack",
      name: "request",
      noun: "field",
      shape: "{ acks?, retries? }",
    });
    const { acks = [], retries = [] } = request!;
    const settlements = [
      ...mapEach("acks", acks, "an array (or another iterable) of lease ids or pulled messages", encodeAck),
      ...mapEach(
        "retries",
        retries,
        "an array (or another iterable) of lease ids, pulled messages or { leaseId, delaySeconds }",
        encodeRetry,
      ),
    ];
    return chunk(settlements, (slice) => {
      const acked = slice.filter((item) => !item.retry);
      const retried = slice.filter((item) => item.retry);
      return `{"acks":${jsonList(acked)},"retries":${jsonList(retried)}}`;
    });
  },

  /** Counts may be missing, and `warnings` was once a list. */
  decode(result) {
    const wire = result as Partial<Schemas["AckResult"]> | null | undefined;
    return {
      ackCount: wire?.ackCount ?? 0,
      retryCount: wire?.retryCount ?? 0,
      warnings: decodeWarnings(wire?.warnings),
    };
  },

  add: (total, part) => ({
    ackCount: total.ackCount + part.ackCount,
    retryCount: total.retryCount + part.retryCount,
    warnings: addWarnings(total.warnings, part.warnings),
  }),

  empty: () => ({ ackCount: 0, retryCount: 0, warnings: {} }),
};

function encodeAck(ref: unknown, field: string): Settlement {
  const id = idOf(ref, "leaseId", field, LEASE);
  return { id, json: `{"lease_id":${JSON.stringify(id)}}`, retry: false };
}

function encodeRetry(ref: unknown, field: string): Settlement {
  const id = idOf(ref, "leaseId", field, LEASE);
  if (isPlainObject(ref))
    checkObject(field, ref, RETRY_FIELDS, {
      what: field,
      noun: "field",
      shape: "{ leaseId, delaySeconds? }",
    });
  const delaySeconds = typeof ref === "object" ? (ref as { delaySeconds?: unknown }).delaySeconds : undefined;
  checkDelay(`${field}.delaySeconds`, delaySeconds);
  const delay = delaySeconds === undefined ? "" : `,"delay_seconds":${delaySeconds}`;
  return { id, json: `{"lease_id":${JSON.stringify(id)}${delay}}`, retry: true };
}
