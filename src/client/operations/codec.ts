/** What every operation of a `Queue` pairs: the request it encodes and the result it decodes. */
import type { Operation } from "../../internal/openapi.js";

export interface Codec<Input, Output> {
  operation: Operation;
  /** The public method's name, for errors: `pull`. */
  method: string;
  /** The method's own options, beside the request options that every call takes. */
  options: readonly string[];
  /** Checks `input` against the API's limits and serialises the request body: nothing is sent if it throws. */
  encode(input: Input): string;
  /** The facade's shape of the envelope's `result` (read tolerantly: fields may be missing). */
  decode(result: unknown): Output;
}
