/** A producer's options become settings once, checked, with every default from `defaults.ts`. */
import { checkInteger } from "../core/check.js";
import { LIMITS } from "../core/limits.js";
import { PRODUCER_DEFAULTS } from "./defaults.js";

export interface ProducerSettings {
  concurrency: number;
  lingerMs: number;
  maxOutstandingMessages: number;
  maxOutstandingBytes: number;
}

/** The producer's own options, beside the reliability options of its requests. */
export const PRODUCER_OPTIONS = [
  "concurrency",
  "lingerMs",
  "maxOutstandingMessages",
  "maxOutstandingBytes",
] as const;

/** The longest delay `setTimeout` keeps (about 24.8 days); a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** @param options an options object whose keys have been checked */
export function resolveProducerSettings(options: Record<string, unknown> = {}): ProducerSettings {
  const { concurrency, lingerMs, maxOutstandingMessages, maxOutstandingBytes } = options;
  checkInteger("concurrency", concurrency, { min: 1 });
  checkInteger("lingerMs", lingerMs, { min: 0, max: MAX_TIMER_MS });
  checkInteger("maxOutstandingMessages", maxOutstandingMessages, { min: 1 });
  checkInteger("maxOutstandingBytes", maxOutstandingBytes, { min: LIMITS.messageBytes });
  return {
    concurrency: (concurrency as number | undefined) ?? PRODUCER_DEFAULTS.concurrency,
    lingerMs: (lingerMs as number | undefined) ?? PRODUCER_DEFAULTS.lingerMs,
    maxOutstandingMessages:
      (maxOutstandingMessages as number | undefined) ?? PRODUCER_DEFAULTS.maxOutstandingMessages,
    maxOutstandingBytes: (maxOutstandingBytes as number | undefined) ?? PRODUCER_DEFAULTS.maxOutstandingBytes,
  };
}
