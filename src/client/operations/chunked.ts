/**
 * Operations that name many leases or messages (ack, purge, extend) send at most
 * {@link LIMITS.idsPerRequest} ids per request, and more in several requests whose results add up.
 * This module is what they share: checking and splitting the ids, and adding up warnings.
 */
import { checkIterable, refuse } from "../../core/check.js";
import { LIMITS } from "../../core/limits.js";
import type { Operation } from "../../internal/openapi.js";

/** One request of a chunked operation: its body, and the ids it settles. */
export interface Chunk {
  body: string;
  ids: string[];
}

/** One id as the wire carries it, e.g. `{"lease_id":"…"}`. */
export interface EncodedId {
  id: string;
  json: string;
}

export interface ChunkedCodec<Input, Output> {
  operation: Operation;
  /** The public method's name, for errors: `ack`. */
  method: string;
  /** The method's own options, beside the request options that every call takes. */
  options: readonly string[];
  /** Checks `input` (nothing is sent if it throws) and splits it into requests. */
  encode(input: Input): Chunk[];
  /** The result of one request (read tolerantly: fields may be missing). */
  decode(result: unknown): Output;
  /** Two results added up. */
  add(total: Output, part: Output): Output;
  /** The result of no request at all. */
  empty(): Output;
}

/**
 * Splits `items` into slices of at most {@link LIMITS.idsPerRequest}, in order, each turned into a
 * body by `body`.
 */
export function chunk<Item extends EncodedId>(items: Item[], body: (slice: Item[]) => string): Chunk[] {
  const chunks: Chunk[] = [];
  for (let start = 0; start < items.length; start += LIMITS.idsPerRequest) {
    const slice = items.slice(start, start + LIMITS.idsPerRequest);
    chunks.push({ body: body(slice), ids: slice.map((item) => item.id) });
  }
  return chunks;
}

/** `[{"lease_id":"a"},…]` */
export const jsonList = (items: readonly EncodedId[]) => `[${items.map((item) => item.json).join(",")}]`;

/**
 * Each element of an iterable (not a string), mapped with its field path: `acks[3]`.
 * @param limit what the whole must be, for the error when it is not an iterable
 */
export function mapEach<T>(
  field: string,
  value: unknown,
  limit: string,
  map: (item: unknown, field: string) => T,
): T[] {
  checkIterable(field, value, limit);
  return Array.from(value, (item, i) => map(item, `${field}[${i}]`));
}

/** The string in `ref` itself, or in its `key` property (a lease id of a pulled message, a ref of a peeked one). */
export function idOf(ref: unknown, key: "leaseId" | "ref", field: string, limit: string): string {
  const id = typeof ref === "string" ? ref : (ref as Record<string, unknown> | null | undefined)?.[key];
  if (typeof id === "string" && id !== "") return id;
  return refuse({ field, value: ref, limit });
}

/** A warnings map as the wire gives it (a map, or the legacy list), as own properties only. */
export function decodeWarnings(wire: unknown): Record<string, string> {
  // Entries become own properties: an id such as "__proto__" stays a key, never a prototype.
  return wire && typeof wire === "object" ? Object.fromEntries(Object.entries(wire)) : {};
}

/** Two warnings maps in one. */
export const addWarnings = (a: Record<string, string>, b: Record<string, string>) =>
  Object.fromEntries([...Object.entries(a), ...Object.entries(b)]);
