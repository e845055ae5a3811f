/**
 * One request in, one v4 answer out. Shared by the in-process `fetch` and the HTTP server, so both
 * transports behave the same. The checks run in this order, each refusing as Cloudflare does:
 * from the request line and headers alone, the route, the credentials, the queue (strict mode) and
 * the content type; only then the body (its size, UTF-8, JSON, the spec's schema, the byte limits);
 * then injected faults; then the operation. So a refused request never costs the reading of its
 * body, and never uses up a fault rule's budget.
 */
import { checkAuth, type HeaderReader } from "./auth.js";
import type { BodyText } from "./body.js";
import type { QueueStore } from "./emulator.js";
import { failures, success, type EmulatorResponse } from "./envelope.js";
import { LIMITS } from "../core/limits.js";
import { parseBody, toCommand, type Command } from "./requests.js";
import { matchRoute } from "./routes.js";
import { EmulatorDrop, NOT_JSON, type Faults } from "./faults.js";
import { unknownFields } from "./unknown-fields.js";

export interface EmulatorRequest {
  method: string;
  /** The path (with or without a query string) or the full URL. */
  url: string;
  headers: HeaderReader;
  /**
   * Reads the body, once every check that needs only the headers has passed (it is never called
   * for a request refused before). Gives the text (`undefined`: no body), or why there is none: it
   * passed {@link LIMITS.requestBytes} (and reading stopped there), or its bytes are not UTF-8.
   */
  readBody(): Promise<BodyText>;
}

/**
 * JSON, or curl's default for `--data` (`application/x-www-form-urlencoded`): Cloudflare's own first
 * push example sends that, and its docs show it succeeding.
 */
const readsAsJson = (value: string | null) =>
  value !== null &&
  /^application\/(?:(?:[\w.+-]+\+)?json|x-www-form-urlencoded)\s*(?:;|$)/i.test(value.trim());

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
  const queueId = params.queue_id!;

  const denied = checkAuth(store.config.tokens ?? [], request.headers);
  if (denied) return denied;

  // An unknown queue is created (outside strict mode) only by a request that passes every check.
  if (store.config.strict && !store.has(queueId)) return failures.queueNotFound();

  if (!readsAsJson(request.headers.get("content-type"))) return failures.notJson();

  const body = await request.readBody();
  if (body.error === "too-large") return failures.tooLarge(LIMITS.requestBytes);
  if (body.error === "invalid-utf8") return failures.malformedJson("the bytes are not valid UTF-8");

  const parsed = parseBody(operation, body.text ?? "");
  if (!parsed.ok) return parsed.response;
  // Fields the spec does not know are ignored, as Cloudflare does; every answer from here names them.
  const ignored = unknownFields(operation, parsed.value);
  const noting = (response: EmulatorResponse) =>
    ignored.length === 0 ? response : { ...response, ignoredFields: ignored };

  const command = toCommand(operation, parsed.value);
  if (!command.ok) return noting(command.response);

  const plan = faults?.(operation);
  if (!plan) return noting(performSafely(store, queueId, command.value));
  if (plan.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.delayMs));
  if (plan.dropBefore) throw new EmulatorDrop(`fault injection dropped ${operation} before applying it`);
  if (plan.instead) return noting(plan.instead);
  const response = performSafely(store, queueId, command.value);
  if (plan.after === "drop") throw new EmulatorDrop(`fault injection dropped ${operation} after applying it`);
  return noting(plan.after === "not-json" ? NOT_JSON : response);
}

/** A bug must never take the emulator down: it becomes a 500 with Cloudflare's internal-error code. */
function performSafely(store: QueueStore, queueId: string, command: Command): EmulatorResponse {
  try {
    return perform(store, queueId, command);
  } catch (error) {
    return failures.internal(error instanceof Error ? error.message : String(error));
  }
}

function perform(store: QueueStore, queueId: string, command: Command): EmulatorResponse {
  const queue = store.queue(queueId, true)!;
  const now = store.now();
  switch (command.operation) {
    case "queues-push-message":
    case "queues-push-messages": {
      const pushed = store.push(queue, command.messages, command.delaySeconds, now);
      if ("refused" in pushed) return failures.storageFull(pushed.refused);
      return success({ metadata: { metrics: pushed.metrics } });
    }
    case "queues-pull-messages":
      if (!queue.config.http_pull) return failures.pullNotEnabled();
      if (queue.config.paused) return failures.paused();
      return success(store.pull(queue, command.batchSize, command.visibilityTimeoutMs, now));
    case "queues-ack-messages":
      return success(store.settle(queue, command.acks, command.retries, now));
  }
}
