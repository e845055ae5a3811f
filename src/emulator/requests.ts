/**
 * Reads a request body the way Cloudflare does: JSON, then the spec's schema, then (for pushes) the
 * byte limits. Each problem becomes the error code Cloudflare gives it (10202-10208).
 */
import { LIMITS } from "../core/limits.js";
import { utf8Length } from "../core/utf8.js";
import { failures, type EmulatorResponse } from "./envelope.js";
import { formatPath, validate, type SchemaProblem } from "./schema-validator.js";
import { requestSchemaOf, type OperationName, type RequestBody, type Schemas } from "./spec.js";

export interface IncomingMessage {
  body: string;
  contentType: "json" | "text";
  bytes: number;
  delaySeconds: number | undefined;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: EmulatorResponse };

/** JSON-parses and schema-validates a body against the operation's request schema in the spec. */
export function parseBody<N extends OperationName>(operation: N, text: string): Parsed<RequestBody<N>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, response: failures.malformedJson((error as Error).message) };
  }
  const { schema } = requestSchemaOf(operation);
  const problem = schema ? validate(schema, value) : undefined;
  if (problem) return { ok: false, response: invalid(operation, problem) };
  // The one place a body gets its type: it has just passed the very schema that type was generated from.
  return { ok: true, value: value as RequestBody<N> };
}

function invalid(operation: OperationName, problem: SchemaProblem): EmulatorResponse {
  const where = formatPath(problem.path);
  const message = where ? `${problem.message} at "${where}"` : problem.message;
  return failures.invalid(
    codeFor(operation, problem),
    message,
    problem.path.length ? `/${problem.path.join("/")}` : "",
  );
}

/** The Cloudflare code of a schema problem: 10202/10203/10206 where one fits, else 10207. */
function codeFor(operation: OperationName, { path, keyword }: SchemaProblem): number {
  const last = path[path.length - 1];
  const outOfRange = keyword === "minimum" || keyword === "maximum";
  if (last === "delay_seconds" && outOfRange) {
    if (operation === "queuesPushMessages" && path.length === 1) return 10202; // BatchDelayInvalid
    if (operation === "queuesPushMessage" || operation === "queuesPushMessages") return 10203; // MessageMetadataInvalid
  }
  if (last === "content_type" && (keyword === "enum" || keyword === "const")) return 10203;
  if (
    operation === "queuesPushMessages" &&
    path.length === 1 &&
    last === "messages" &&
    keyword === "maxItems"
  )
    return 10206;
  return 10207; // JSONRequestBodyInvalid
}

/** `messages[2].body` → `/messages/2/body`. */
const pointerOf = (field: string) => `/${field.replace(/\[(\d+)\]/g, "/$1").replace(/\./g, "/")}`;

/** 10204 (a message) or 10205 (a batch) over its byte limit. */
function tooLarge(
  code: number,
  what: string,
  bytes: number,
  limit: number,
  field: string,
): { ok: false; response: EmulatorResponse } {
  const message = `${what} is ${bytes} bytes, larger than the limit of ${limit} bytes at "${field}"`;
  return { ok: false, response: failures.invalid(code, message, pointerOf(field)) };
}

/** Turns one validated wire message into what the queue stores, enforcing the 128 KB limit. */
export function toIncoming(wire: Schemas["Message"], field: string): Parsed<IncomingMessage> {
  const contentType = wire.content_type === "text" ? "text" : "json";
  let body: string;
  try {
    body = wire.content_type === "text" ? wire.body : JSON.stringify(wire.body);
  } catch (error) {
    // JSON.parse accepts nesting deeper than JSON.stringify can walk back (a RangeError)
    const message = `Body cannot be stored: ${(error as Error).message} at "${field}"`;
    return { ok: false, response: failures.invalid(10207, message, pointerOf(field)) };
  }
  const bytes = utf8Length(body);
  if (bytes > LIMITS.messageBytes) return tooLarge(10204, "Message", bytes, LIMITS.messageBytes, field);
  return {
    ok: true,
    value: { body, contentType, bytes, delaySeconds: wire.delay_seconds },
  };
}

/** A whole batch, all or nothing: every message within 128 KB, the total within 256 KB. */
export function toIncomingBatch(wire: Schemas["Message"][]): Parsed<IncomingMessage[]> {
  const out: IncomingMessage[] = [];
  let total = 0;
  for (let i = 0; i < wire.length; i++) {
    const parsed = toIncoming(wire[i]!, `messages[${i}].body`);
    if (!parsed.ok) return parsed;
    total += parsed.value.bytes;
    out.push(parsed.value);
  }
  if (total > LIMITS.batchBytes) {
    return tooLarge(10205, "Batch", total, LIMITS.batchBytes, "messages");
  }
  return { ok: true, value: out };
}
