/**
 * Reads a request body the way Cloudflare does: JSON, then the spec's schema, then the byte
 * limits. Each problem becomes the error code Cloudflare gives it (10202-10208).
 */
import { requestSchemas } from "../../generated/request-schemas.js";
import { LIMITS } from "../core/limits.js";
import { utf8Length } from "../core/utf8.js";
import { failures, type EmulatorResponse } from "./envelope.js";
import { formatPath, validate, type SchemaProblem } from "./schema-validator.js";

export interface IncomingMessage {
  body: string;
  contentType: "json" | "text";
  bytes: number;
  delaySeconds: number | undefined;
}

export type Operation =
  "queues-push-message" | "queues-push-messages" | "queues-pull-messages" | "queues-ack-messages";

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: EmulatorResponse };

/** JSON-parses and schema-validates a body against the operation's request schema in the spec. */
export function parseBody(operation: Operation, text: string): Parsed<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, response: failures.malformedJson((error as Error).message) };
  }
  const { schema } = requestSchemas[operation]!;
  const problem = schema ? validate(schema, value) : undefined;
  if (problem) return { ok: false, response: invalid(operation, problem) };
  return { ok: true, value: value as Record<string, unknown> };
}

function invalid(operation: Operation, problem: SchemaProblem): EmulatorResponse {
  const where = formatPath(problem.path);
  const message = where ? `${problem.message} at "${where}"` : problem.message;
  return failures.invalid(
    codeFor(operation, problem),
    message,
    problem.path.length ? `/${problem.path.join("/")}` : "",
  );
}

/** The Cloudflare code of a schema problem: 10202/10203/10206 where one fits, else 10207. */
function codeFor(operation: Operation, { path, keyword }: SchemaProblem): number {
  const last = path[path.length - 1];
  const outOfRange = keyword === "minimum" || keyword === "maximum";
  if (last === "delay_seconds" && outOfRange) {
    if (operation === "queues-push-messages" && path.length === 1) return 10202; // BatchDelayInvalid
    if (operation === "queues-push-message" || operation === "queues-push-messages") return 10203; // MessageMetadataInvalid
  }
  if (last === "content_type" && (keyword === "enum" || keyword === "const")) return 10203;
  if (
    operation === "queues-push-messages" &&
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
function toIncoming(wire: Record<string, unknown>, field: string): Parsed<IncomingMessage> {
  const contentType = wire.content_type === "text" ? "text" : "json";
  let body: string;
  try {
    body = contentType === "text" ? (wire.body as string) : JSON.stringify(wire.body);
  } catch (error) {
    // JSON.parse accepts nesting deeper than JSON.stringify can walk back (a RangeError)
    const message = `Body cannot be stored: ${(error as Error).message} at "${field}"`;
    return { ok: false, response: failures.invalid(10207, message, pointerOf(field)) };
  }
  const bytes = utf8Length(body);
  if (bytes > LIMITS.messageBytes) return tooLarge(10204, "Message", bytes, LIMITS.messageBytes, field);
  return {
    ok: true,
    value: { body, contentType, bytes, delaySeconds: wire.delay_seconds as number | undefined },
  };
}

/** A whole batch, all or nothing: every message within 128 KB, the total within 256 KB. */
function toIncomingBatch(wire: Record<string, unknown>[]): Parsed<IncomingMessage[]> {
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

/** A request that passed every check, as the operation takes it. */
export type Command =
  | {
      operation: "queues-push-message" | "queues-push-messages";
      messages: IncomingMessage[];
      delaySeconds?: number;
    }
  | { operation: "queues-pull-messages"; batchSize?: number; visibilityTimeoutMs?: number }
  | {
      operation: "queues-ack-messages";
      acks: string[];
      retries: { leaseId: string; delaySeconds: number | undefined }[];
    };

/** The schema-valid body of `operation` as a {@link Command}, or the answer to a message or batch over its byte limit. */
export function toCommand(operation: Operation, body: Record<string, unknown>): Parsed<Command> {
  switch (operation) {
    case "queues-push-message": {
      const message = toIncoming(body, "body");
      return message.ok ? { ok: true, value: { operation, messages: [message.value] } } : message;
    }
    case "queues-push-messages": {
      const messages = toIncomingBatch(body.messages as Record<string, unknown>[]);
      if (!messages.ok) return messages;
      const delaySeconds = body.delay_seconds as number | undefined;
      return { ok: true, value: { operation, messages: messages.value, delaySeconds } };
    }
    case "queues-pull-messages": {
      const batchSize = body.batch_size as number | undefined;
      const visibilityTimeoutMs = body.visibility_timeout_ms as number | undefined;
      return { ok: true, value: { operation, batchSize, visibilityTimeoutMs } };
    }
    case "queues-ack-messages": {
      const acks = ((body.acks ?? []) as { lease_id: string }[]).map((a) => a.lease_id);
      const retries = ((body.retries ?? []) as { lease_id: string; delay_seconds?: number }[]).map((r) => ({
        leaseId: r.lease_id,
        delaySeconds: r.delay_seconds,
      }));
      return { ok: true, value: { operation, acks, retries } };
    }
  }
}
