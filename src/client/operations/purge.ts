/** `purge`: deletes peeked messages by their refs, whatever their state. */
import { operations, type Schemas } from "../../internal/openapi.js";
import type { PurgeResult } from "../types.js";
import { addWarnings, chunk, decodeWarnings, idOf, jsonList, mapEach, type ChunkedCodec } from "./chunked.js";

const REF = "a ref (a non-empty string) or a peeked message";

export const purge: ChunkedCodec<unknown, PurgeResult> = {
  operation: operations.queuesPurgeMessages,
  method: "purge",
  options: [],

  encode(refs) {
    const encoded = mapEach(
      "refs",
      refs,
      "an array (or another iterable) of refs or peeked messages",
      (ref, field) => {
        const id = idOf(ref, "ref", field, REF);
        return { id, json: `{"ref":${JSON.stringify(id)}}` };
      },
    );
    return chunk(encoded, (slice) => `{"refs":${jsonList(slice)}}`);
  },

  decode(result) {
    const wire = result as Partial<Schemas["PurgeResult"]> | null | undefined;
    const errors = Array.isArray(wire?.errors)
      ? wire.errors.map((error) => String(error?.message ?? error))
      : [];
    return { warnings: decodeWarnings(wire?.warnings), errors };
  },

  add: (total, part) => ({
    warnings: addWarnings(total.warnings, part.warnings),
    errors: [...total.errors, ...part.errors],
  }),

  empty: () => ({ warnings: {}, errors: [] }),
};
