/**
 * One request in, one v4 answer out. Shared by the in-process `fetch` and the HTTP server, so both
 * transports behave the same. The checks run in this order, each refusing as Cloudflare does:
 * from the request line and headers alone, the route (a Cloudflare operation the emulator does not
 * have is 501), the credentials, the queue (strict mode) and the content type; only then the body
 * (its size, UTF-8, JSON, the spec's schema, the operation's own checks such as a push's byte
 * limits); then injected faults; then the operation, through its handler in `operations.ts`. So a
 * refused request never costs the reading of its body, and never uses up a fault rule's budget.
 */
import { checkAuth, type HeaderReader } from "./auth.js";
import { MAX_REQUEST_BYTES, type BodyText } from "./body.js";
import type { QueueStore } from "./emulator.js";
import { failures, type EmulatorResponse } from "./envelope.js";
import { prepare, type Perform } from "./operations.js";
import { parseBody } from "./requests.js";
import { matchRoute } from "./routes.js";
import { operations } from "./spec.js";
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
   * passed {@link MAX_REQUEST_BYTES} (and reading stopped there), or its bytes are not UTF-8.
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
  if ("notEmulated" in matched) return failures.notEmulated(matched.notEmulated);
  const { operation, params } = matched.route;
  const queueId = params.queue_id!;

  const denied = checkAuth(store.config.tokens ?? [], request.headers);
  if (denied) return denied;

  // An unknown queue is created (outside strict mode) only by a request that passes every check.
  if (store.config.strict && !store.has(queueId)) return failures.queueNotFound();

  if (!readsAsJson(request.headers.get("content-type"))) return failures.notJson();

  const body = await request.readBody();
  if (body.error === "too-large") return failures.tooLarge(MAX_REQUEST_BYTES);
  if (body.error === "invalid-utf8") return failures.malformedJson("the bytes are not valid UTF-8");

  const parsed = parseBody(operation, body.text ?? "");
  if (!parsed.ok) return parsed.response;
  // Fields the spec does not know are ignored, as Cloudflare does; every answer from here names them.
  const ignored = unknownFields(operation, parsed.value);
  const noting = (response: EmulatorResponse) =>
    ignored.length === 0 ? response : { ...response, ignoredFields: ignored };

  const prepared = prepare(operation, parsed.value);
  if (!prepared.ok) return noting(prepared.response);
  const perform = () => performSafely(store, queueId, prepared.value);

  const plan = faults?.(operation);
  if (!plan) return noting(perform());
  if (plan.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.delayMs));
  const { operationId } = operations[operation];
  if (plan.dropBefore) throw new EmulatorDrop(`fault injection dropped ${operationId} before applying it`);
  if (plan.instead) return noting(plan.instead);
  const response = perform();
  if (plan.after === "drop")
    throw new EmulatorDrop(`fault injection dropped ${operationId} after applying it`);
  return noting(plan.after === "not-json" ? NOT_JSON : response);
}

/** A bug must never take the emulator down: it becomes a 500 with Cloudflare's internal-error code. */
function performSafely(store: QueueStore, queueId: string, perform: Perform): EmulatorResponse {
  try {
    return perform(store, store.queue(queueId, true)!);
  } catch (error) {
    return failures.internal(error instanceof Error ? error.message : String(error));
  }
}
