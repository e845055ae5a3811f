/**
 * The options of {@link toWorkerQueue}, checked once and completed into the consumer's settings, so
 * that a Worker's batches go through the consumer's own dispatcher. Only the options that mean the
 * same in a Worker are taken; the rest are fixed: one batch at a time, and no lease (a Worker's
 * messages have none), so the longest the API knows, which the dispatcher's watchdog never reaches.
 */
import { checkFunction, checkInteger, checkObject, refuse } from "../core/check.js";
import { LIMITS } from "../core/limits.js";
import { CONSUMER_DEFAULTS, defaultLeaseMargin, defaultRetryDelay } from "../consumer/defaults.js";
import type { ConsumerSettings } from "../consumer/settings.js";
import type { PortableConsumerOptions } from "./types.js";

const OPTIONS = ["schema", "onInvalid", "retryDelay", "maxRetries", "onError"];

/** A Worker's messages have no lease: the dispatcher is told of the longest there is. */
const NO_LEASE_MS = LIMITS.maxVisibilityTimeoutMs;

export function resolveWorkerOptions(options: unknown): ConsumerSettings {
  checkObject("", options, OPTIONS, {
    what: "toWorkerQueue",
    name: "options",
    shape: "of options",
    optional: true,
  });
  const given = (options ?? {}) as PortableConsumerOptions;
  checkInteger("maxRetries", given.maxRetries, { min: 0, max: 100 });
  for (const name of ["retryDelay", "onError"] as const) checkFunction(name, given[name]);
  if (given.schema !== undefined && typeof given.schema?.["~standard"]?.validate !== "function")
    refuse({
      field: "schema",
      value: given.schema,
      limit: "a Standard Schema validator (zod, valibot, arktype, …)",
    });
  const onInvalid: unknown = given.onInvalid;
  if (onInvalid !== undefined && onInvalid !== "retry" && onInvalid !== "ack")
    refuse({
      field: "onInvalid",
      value: onInvalid,
      limit: '"retry" or "ack" in a Worker',
      hint: 'the queue\'s dead_letter_queue takes what { sendTo } would: use onInvalid "retry"',
    });
  return {
    concurrency: 1,
    batchSize: LIMITS.maxBatchSize,
    visibilityTimeoutMs: NO_LEASE_MS,
    maxPulls: 1,
    leaseMarginMs: defaultLeaseMargin(NO_LEASE_MS),
    extendLeases: false,
    retryDelay:
      (given.retryDelay as ConsumerSettings["retryDelay"] | undefined) ??
      ((message) => defaultRetryDelay(message.attempts)),
    schema: given.schema,
    onInvalid: given.onInvalid ?? CONSUMER_DEFAULTS.onInvalid,
    maxRetries: given.maxRetries,
    idleBackoff: CONSUMER_DEFAULTS.idleBackoff,
    ackBatching: CONSUMER_DEFAULTS.ackBatching,
    fatalGraceMs: CONSUMER_DEFAULTS.fatalGraceMs,
    signal: undefined,
    onError: given.onError ?? (() => {}),
    onStateChange: undefined,
  };
}
