/**
 * `ack`: acknowledges and retries leases. More lease ids than one request should carry are sent in
 * several requests of at most {@link LIMITS.ackChunk}, whose results add up.
 */
import { checkIterable, checkObject, isPlainObject, refuse } from "../../core/check.js";
import { LIMITS } from "../../core/limits.js";
import { operations, type Schemas } from "../../internal/openapi.js";
import type { AckResult } from "../types.js";
import { checkDelay } from "./message-body.js";

const REQUEST_FIELDS = ["acks", "retries"];
const RETRY_FIELDS = ["leaseId", "delaySeconds"];

export const ack = {
  operation: operations.queuesAckMessages,
  method: "ack",
  options: [] as readonly string[],

  /** The requests: acks then retries, at most {@link LIMITS.ackChunk} lease ids each. */
  encode(request: unknown): AckChunk[] {
    checkObject("", request, REQUEST_FIELDS, {
      what: "ack",
      name: "request",
      noun: "field",
      shape: "{ acks?, retries? }",
    });
    const { acks = [], retries = [] } = request!;
    checkIterable("acks", acks, "an array (or another iterable) of lease ids or pulled messages");
    checkIterable(
      "retries",
      retries,
      "an array (or another iterable) of lease ids, pulled messages or { leaseId, delaySeconds }",
    );
    const ackItems = Array.from(acks, (ref, i) => encodeAck(ref, `acks[${i}]`));
    const retryItems = Array.from(retries, (ref, i) => encodeRetry(ref, `retries[${i}]`));
    const chunks: AckChunk[] = [];
    for (let a = 0, r = 0; a < ackItems.length || r < retryItems.length;) {
      const ackPart = ackItems.slice(a, a + LIMITS.ackChunk);
      const retryPart = retryItems.slice(r, r + LIMITS.ackChunk - ackPart.length);
      a += ackPart.length;
      r += retryPart.length;
      chunks.push({
        body: `{"acks":[${ackPart.map((item) => item.json).join(",")}],"retries":[${retryPart.map((item) => item.json).join(",")}]}`,
        leaseIds: [...ackPart, ...retryPart].map((item) => item.leaseId),
      });
    }
    return chunks;
  },

  /** Read tolerantly: counts may be missing, and `warnings` was once a list. */
  decode(result: unknown): AckResult {
    const wire = result as Partial<Schemas["AckResult"]> | null | undefined;
    const listed = wire?.warnings as Record<string, string> | string[] | undefined;
    // Entries become own properties (a lease id such as "__proto__" stays a key, never a prototype).
    const warnings = listed ? Object.fromEntries(Object.entries(listed)) : {};
    return { ackCount: wire?.ackCount ?? 0, retryCount: wire?.retryCount ?? 0, warnings };
  },

  /** The sum of the results of several requests. */
  add(total: AckResult, part: AckResult): AckResult {
    return {
      ackCount: total.ackCount + part.ackCount,
      retryCount: total.retryCount + part.retryCount,
      warnings: Object.fromEntries([...Object.entries(total.warnings), ...Object.entries(part.warnings)]),
    };
  },
};

/** One request of an ack: its body, and the lease ids it settles. */
export interface AckChunk {
  body: string;
  leaseIds: string[];
}

interface EncodedLease {
  json: string;
  leaseId: string;
}

function encodeAck(ref: unknown, field: string): EncodedLease {
  const leaseId = leaseIdOf(ref, field);
  return { json: `{"lease_id":${JSON.stringify(leaseId)}}`, leaseId };
}

/** A lease id, or an object that has one (a pulled message). */
function leaseIdOf(ref: unknown, field: string): string {
  const leaseId = typeof ref === "string" ? ref : (ref as { leaseId?: unknown } | null)?.leaseId;
  if (typeof leaseId === "string" && leaseId !== "") return leaseId;
  return refuse({ field, value: ref, limit: "a lease id (a non-empty string) or a pulled message" });
}

function encodeRetry(ref: unknown, field: string): EncodedLease {
  const leaseId = leaseIdOf(ref, field);
  if (isPlainObject(ref))
    checkObject(field, ref, RETRY_FIELDS, {
      what: field,
      noun: "field",
      shape: "{ leaseId, delaySeconds? }",
    });
  const delaySeconds = typeof ref === "object" ? (ref as { delaySeconds?: unknown }).delaySeconds : undefined;
  checkDelay(`${field}.delaySeconds`, delaySeconds);
  const delay = delaySeconds === undefined ? "" : `,"delay_seconds":${delaySeconds}`;
  return { json: `{"lease_id":${JSON.stringify(leaseId)}${delay}}`, leaseId };
}
