/**
 * One request in, one v4 answer out: routing, credentials, the queue, the body, the operation.
 * Shared by the in-process `fetch` and the HTTP server, so both transports behave the same.
 */
import { checkAuth, type HeaderReader } from "./auth.js";
import type { QueueStore } from "./emulator.js";
import { failures, success, type EmulatorResponse } from "./envelope.js";
import { LIMITS } from "../core/limits.js";
import { parseBody, toIncoming, toIncomingBatch, type Operation } from "./requests.js";
import { matchRoute } from "./routes.js";
import { EmulatorDrop, NOT_JSON, type Faults } from "./faults.js";

export interface EmulatorRequest {
  method: string;
  /** The path (with or without a query string) or the full URL. */
  url: string;
  headers: HeaderReader;
  /** The body text; `undefined` when there was none. */
  body: string | undefined;
  /**
   * Set by a transport that could not give the body as text: it passed {@link LIMITS.requestBytes}
   * (and reading stopped there), or its bytes are not valid UTF-8.
   */
  bodyError?: "too-large" | "invalid-utf8";
}

const isJsonContentType = (value: string | null) =>
  value !== null && /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(value.trim());

function pathnameOf(url: string): string {
  const start = url.startsWith("/") ? 0 : url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  const end = url.search(/[?#]/);
  return end < 0 ? url.slice(start) : url.slice(start, end);
}

export async function handle(
  store: QueueStore,
  request: EmulatorRequest,
  faults?: Faults,
): Promise<EmulatorResponse> {
  const pathname = pathnameOf(request.url);
  const matched = matchRoute(request.method.toUpperCase(), pathname);
  if (!matched || "invalidPath" in matched) return failures.noRoute(pathname);
  const { operation, params } = matched.route;
  const plan = faults?.(operation);
  if (!plan) return performSafely(store, operation, params.queue_id!, request);
  if (plan.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.delayMs));
  if (plan.dropBefore) throw new EmulatorDrop(`fault injection dropped ${operation} before applying it`);
  if (plan.instead) return plan.instead;
  const response = performSafely(store, operation, params.queue_id!, request);
  if (plan.after === "drop") throw new EmulatorDrop(`fault injection dropped ${operation} after applying it`);
  return plan.after === "not-json" ? NOT_JSON : response;
}

/** A bug must never take the emulator down: it becomes a 500 with Cloudflare's internal-error code. */
function performSafely(store: QueueStore, operation: Operation, queueId: string, request: EmulatorRequest) {
  try {
    return perform(store, operation, queueId, request);
  } catch (error) {
    return failures.internal(error instanceof Error ? error.message : String(error));
  }
}

function perform(
  store: QueueStore,
  operation: Operation,
  queueId: string,
  request: EmulatorRequest,
): EmulatorResponse {
  const denied = checkAuth(store.config.tokens ?? [], request.headers);
  if (denied) return denied;
  // An unknown queue is created (outside strict mode) only by a valid request: a refused one changes nothing.
  const existing = store.queue(queueId, false);
  if (!existing && store.config.strict) return failures.queueNotFound();
  if (
    request.bodyError === "too-large" ||
    (request.body !== undefined && request.body.length > LIMITS.requestBytes)
  ) {
    return failures.tooLarge(LIMITS.requestBytes);
  }
  if (!isJsonContentType(request.headers.get("content-type"))) {
    return failures.badHeader({
      code: 6105,
      message: "Invalid Content-Type header, valid values are application/json,multipart/form-data",
    });
  }
  if (request.bodyError === "invalid-utf8") return failures.malformedJson("the bytes are not valid UTF-8");
  const parsed = parseBody(operation, request.body ?? "");
  if (!parsed.ok) return parsed.response;
  const body = parsed.value;
  const queue = () => existing ?? store.queue(queueId, true)!; // once the request has passed every check
  const now = store.now();

  switch (operation) {
    case "queues-push-message": {
      const message = toIncoming(body, "body");
      if (!message.ok) return message.response;
      const pushed = store.push(queue(), [message.value], undefined, now);
      if ("refused" in pushed) return failures.storageFull(pushed.refused);
      return success({ metadata: { metrics: pushed.metrics } });
    }
    case "queues-push-messages": {
      const messages = toIncomingBatch(body.messages as Record<string, unknown>[]);
      if (!messages.ok) return messages.response;
      const pushed = store.push(queue(), messages.value, body.delay_seconds as number | undefined, now);
      if ("refused" in pushed) return failures.storageFull(pushed.refused);
      return success({ metadata: { metrics: pushed.metrics } });
    }
    case "queues-pull-messages": {
      const target = queue();
      if (!target.config.http_pull) return failures.pullNotEnabled();
      if (target.config.paused) return failures.paused();
      return success(
        store.pull(
          target,
          body.batch_size as number | undefined,
          body.visibility_timeout_ms as number | undefined,
          now,
        ),
      );
    }
    case "queues-ack-messages": {
      const acks = ((body.acks ?? []) as { lease_id: string }[]).map((a) => a.lease_id);
      const retries = ((body.retries ?? []) as { lease_id: string; delay_seconds?: number }[]).map((r) => ({
        leaseId: r.lease_id,
        delaySeconds: r.delay_seconds,
      }));
      return success(store.settle(queue(), acks, retries, now));
    }
  }
}
