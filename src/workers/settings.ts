/**
 * The options of {@link toWorkerQueue}, checked once and completed into the consumer's settings, so
 * that a Worker's batches go through the consumer's own dispatcher. Only the options that mean the
 * same in a Worker are taken; the rest are fixed: one batch at a time, and no lease (a Worker's
 * messages have none), so the longest the API knows, which the dispatcher's watchdog never reaches.
 */
import { checkObject } from "../core/check.js";
import { LIMITS } from "../core/limits.js";
import { CONSUMER_DEFAULTS, defaultLeaseMargin } from "../consumer/defaults.js";
import { HANDLER_OPTIONS, resolveHandlerOptions } from "../consumer/handler-options.js";
import type { ConsumerSettings } from "../consumer/settings.js";

/** A Worker's messages have no lease: the dispatcher is told of the longest there is. */
const NO_LEASE_MS = LIMITS.maxVisibilityTimeoutMs;

export function resolveWorkerOptions(options: unknown): ConsumerSettings {
  checkObject("", options, HANDLER_OPTIONS, {
    what: "toWorkerQueue",
    name: "options",
    shape: "of options",
    optional: true,
  });
  const handling = resolveHandlerOptions((options ?? {}) as Record<string, unknown>, {
    where: "in a Worker",
    refusedBecause:
      "a Worker has no raw body to forward: the queue's dead_letter_queue takes what { sendTo } would",
  });
  return {
    ...handling,
    concurrency: 1,
    batchSize: LIMITS.maxBatchSize,
    visibilityTimeoutMs: NO_LEASE_MS,
    maxPulls: 1,
    leaseMarginMs: defaultLeaseMargin(NO_LEASE_MS),
    extendLeases: false,
    idleBackoff: CONSUMER_DEFAULTS.idleBackoff,
    ackBatching: CONSUMER_DEFAULTS.ackBatching,
    fatalGraceMs: CONSUMER_DEFAULTS.fatalGraceMs,
    signal: undefined,
    onStateChange: undefined,
  };
}
