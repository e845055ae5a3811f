/**
 * The options that decide what becomes of a message once it is in hand (its body's checks, the
 * delay of a retry, where errors go), checked once. Shared by `q.consume`, `q.consumeBatches` and
 * a Worker's `toWorkerQueue`, so that a handler meets the same rules in both places. Imports no
 * value of the HTTP client: a Worker bundles it.
 */
import { checkFunction, checkInteger, refuse } from "../core/check.js";
import type { StandardSchemaV1 } from "../core/standard-schema.js";
import { CONSUMER_DEFAULTS, defaultRetryDelay } from "./defaults.js";
import type { ConsumedMessage, InvalidMessageAction } from "./options.js";

export const HANDLER_OPTIONS = ["retryDelay", "schema", "onInvalid", "maxRetries", "onError"] as const;

export interface HandlerSettings {
  retryDelay: (message: ConsumedMessage, error: unknown) => number;
  schema: StandardSchemaV1 | undefined;
  onInvalid: InvalidMessageAction;
  maxRetries: number | undefined;
  onError: (error: unknown) => void;
}

/** How `onInvalid: { sendTo }` is judged where it is taken: a queue of this client, or refused (`where`, and why). */
export type SendToRule = { isQueue: (value: unknown) => boolean } | { where: string; refusedBecause: string };

export function resolveHandlerOptions(given: Record<string, unknown>, sendTo: SendToRule): HandlerSettings {
  checkInteger("maxRetries", given.maxRetries, { min: 0, max: 100 });
  checkFunction("retryDelay", given.retryDelay);
  checkFunction("onError", given.onError);
  const schema = given.schema as StandardSchemaV1 | undefined;
  if (schema !== undefined && typeof schema?.["~standard"]?.validate !== "function")
    refuse({
      field: "schema",
      value: schema,
      limit: "a Standard Schema validator (zod, valibot, arktype, …)",
    });
  return {
    retryDelay:
      (given.retryDelay as HandlerSettings["retryDelay"] | undefined) ??
      ((message) => defaultRetryDelay(message.attempts)),
    schema,
    onInvalid: checkOnInvalid(given.onInvalid, sendTo),
    maxRetries: given.maxRetries as number | undefined,
    onError: reportingTo(given.onError as HandlerSettings["onError"] | undefined),
  };
}

/** The user's `onError`, made harmless: whatever it throws must not stop the consumer or lose a message. */
function reportingTo(onError: HandlerSettings["onError"] | undefined): HandlerSettings["onError"] {
  if (!onError) return () => {};
  return (error) => {
    try {
      onError(error);
    } catch {
      // Nowhere left to report it: the consumer goes on as if onError had returned.
    }
  };
}

function checkOnInvalid(value: unknown, rule: SendToRule): InvalidMessageAction {
  if (value === undefined) return CONSUMER_DEFAULTS.onInvalid;
  if (value === "retry" || value === "ack") return value;
  const sendTo = (value as { sendTo?: unknown } | null)?.sendTo;
  if ("isQueue" in rule && typeof value === "object" && rule.isQueue(sendTo))
    return value as InvalidMessageAction;
  if ("refusedBecause" in rule)
    refuse({ field: "onInvalid", value, limit: `"retry" or "ack" ${rule.where}`, hint: rule.refusedBecause });
  return refuse({ field: "onInvalid", value, limit: '"retry", "ack" or { sendTo: aQueue }' });
}
