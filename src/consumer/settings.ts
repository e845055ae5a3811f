/** The consumer's options, checked and completed once, so that the rest reads settings that are whole and valid. */
import { Queue } from "../client/queue.js";
import { checkFunction, checkInteger, checkObject, refuse } from "../core/check.js";
import { LIMITS } from "../core/limits.js";
import { CONSUMER_DEFAULTS, defaultBatchSize, defaultLeaseMargin, defaultMaxPulls } from "./defaults.js";
import { HANDLER_OPTIONS, resolveHandlerOptions, type HandlerSettings } from "./handler-options.js";
import type { ConsumerOptions, ConsumerState } from "./options.js";

export interface ConsumerSettings extends HandlerSettings {
  concurrency: number;
  batchSize: number;
  visibilityTimeoutMs: number;
  maxPulls: number;
  leaseMarginMs: number;
  extendLeases: boolean;
  idleBackoff: { minMs: number; maxMs: number };
  ackBatching: { maxLeases: number; delayMs: number };
  fatalGraceMs: number;
  signal: AbortSignal | undefined;
  onStateChange: ((state: ConsumerState) => void) | undefined;
}

const OPTIONS = [
  "concurrency",
  "batchSize",
  "visibilityTimeoutMs",
  "maxPulls",
  "leaseMarginMs",
  "extendLeases",
  ...HANDLER_OPTIONS,
  "idleBackoff",
  "ackBatching",
  "fatalGraceMs",
  "signal",
  "onStateChange",
];

export function resolveConsumerOptions(options: unknown, method: string): ConsumerSettings {
  checkObject("", options, OPTIONS, { what: method, name: "options", shape: "of options", optional: true });
  const given = (options ?? {}) as ConsumerOptions;
  checkInteger("concurrency", given.concurrency, { min: 1, max: 10_000 });
  checkInteger("batchSize", given.batchSize, { min: 1, max: LIMITS.maxBatchSize });
  checkInteger("visibilityTimeoutMs", given.visibilityTimeoutMs, {
    min: 1,
    max: LIMITS.maxVisibilityTimeoutMs,
  });
  checkInteger("maxPulls", given.maxPulls, { min: 1, max: 100 });
  checkInteger("fatalGraceMs", given.fatalGraceMs, { min: 0 });
  checkFunction("onStateChange", given.onStateChange);
  if (given.extendLeases !== undefined && typeof given.extendLeases !== "boolean")
    refuse({ field: "extendLeases", value: given.extendLeases, limit: "true or false" });
  if (given.signal !== undefined && typeof (given.signal as AbortSignal)?.aborted !== "boolean")
    refuse({ field: "signal", value: given.signal, limit: "an AbortSignal" });
  const handling = resolveHandlerOptions(given as Record<string, unknown>, {
    isQueue: (value) => value instanceof Queue,
  });

  const concurrency = given.concurrency ?? CONSUMER_DEFAULTS.concurrency;
  const batchSize = given.batchSize ?? defaultBatchSize(concurrency);
  const visibilityTimeoutMs = given.visibilityTimeoutMs ?? CONSUMER_DEFAULTS.visibilityTimeoutMs;
  checkInteger("leaseMarginMs", given.leaseMarginMs, { min: 0, max: visibilityTimeoutMs - 1 });
  return {
    concurrency,
    batchSize,
    visibilityTimeoutMs,
    maxPulls: given.maxPulls ?? defaultMaxPulls(concurrency, batchSize),
    leaseMarginMs: given.leaseMarginMs ?? defaultLeaseMargin(visibilityTimeoutMs),
    extendLeases: given.extendLeases ?? CONSUMER_DEFAULTS.extendLeases,
    ...handling,
    idleBackoff: range("idleBackoff", given.idleBackoff, ["minMs", "maxMs"], CONSUMER_DEFAULTS.idleBackoff),
    ackBatching: ackBatching(given.ackBatching),
    fatalGraceMs: given.fatalGraceMs ?? CONSUMER_DEFAULTS.fatalGraceMs,
    signal: given.signal,
    onStateChange: given.onStateChange,
  };
}

function range(field: string, value: unknown, keys: string[], defaults: { minMs: number; maxMs: number }) {
  checkObject(field, value, keys, { what: field, shape: "{ minMs?, maxMs? }", optional: true });
  const given = (value ?? {}) as { minMs?: number; maxMs?: number };
  checkInteger(`${field}.minMs`, given.minMs, { min: 1 });
  const minMs = given.minMs ?? defaults.minMs;
  checkInteger(`${field}.maxMs`, given.maxMs, { min: minMs });
  return { minMs, maxMs: given.maxMs ?? Math.max(minMs, defaults.maxMs) };
}

function ackBatching(value: unknown) {
  checkObject("ackBatching", value, ["maxLeases", "delayMs"], {
    what: "ackBatching",
    shape: "{ maxLeases?, delayMs? }",
    optional: true,
  });
  const given = (value ?? {}) as { maxLeases?: number; delayMs?: number };
  checkInteger("ackBatching.maxLeases", given.maxLeases, { min: 1, max: LIMITS.idsPerRequest });
  checkInteger("ackBatching.delayMs", given.delayMs, { min: 0 });
  return {
    maxLeases: given.maxLeases ?? CONSUMER_DEFAULTS.ackBatching.maxLeases,
    delayMs: given.delayMs ?? CONSUMER_DEFAULTS.ackBatching.delayMs,
  };
}
