/** The consumer's options, checked and completed once, so that the rest reads settings that are whole and valid. */
import { Queue } from "../client/queue.js";
import { checkFunction, checkInteger, checkObject, refuse } from "../core/check.js";
import { LIMITS } from "../core/limits.js";
import type { StandardSchemaV1 } from "../core/standard-schema.js";
import {
  CONSUMER_DEFAULTS,
  defaultBatchSize,
  defaultLeaseMargin,
  defaultMaxPulls,
  defaultRetryDelay,
} from "./defaults.js";
import type { ConsumedMessage, ConsumerOptions, ConsumerState, InvalidMessageAction } from "./options.js";

export interface ConsumerSettings {
  concurrency: number;
  batchSize: number;
  visibilityTimeoutMs: number;
  maxPulls: number;
  leaseMarginMs: number;
  extendLeases: boolean;
  retryDelay: (message: ConsumedMessage, error: unknown) => number;
  schema: StandardSchemaV1 | undefined;
  onInvalid: InvalidMessageAction;
  maxRetries: number | undefined;
  idleBackoff: { minMs: number; maxMs: number };
  ackBatching: { maxLeases: number; delayMs: number };
  fatalGraceMs: number;
  signal: AbortSignal | undefined;
  onError: (error: unknown) => void;
  onStateChange: ((state: ConsumerState) => void) | undefined;
}

const OPTIONS = [
  "concurrency",
  "batchSize",
  "visibilityTimeoutMs",
  "maxPulls",
  "leaseMarginMs",
  "extendLeases",
  "retryDelay",
  "schema",
  "onInvalid",
  "maxRetries",
  "idleBackoff",
  "ackBatching",
  "fatalGraceMs",
  "signal",
  "onError",
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
  checkInteger("maxRetries", given.maxRetries, { min: 0, max: 100 });
  checkInteger("fatalGraceMs", given.fatalGraceMs, { min: 0 });
  for (const name of ["retryDelay", "onError", "onStateChange"] as const) checkFunction(name, given[name]);
  if (given.extendLeases !== undefined && typeof given.extendLeases !== "boolean")
    refuse({ field: "extendLeases", value: given.extendLeases, limit: "true or false" });
  if (given.schema !== undefined && typeof given.schema?.["~standard"]?.validate !== "function")
    refuse({
      field: "schema",
      value: given.schema,
      limit: "a Standard Schema validator (zod, valibot, arktype, …)",
    });
  if (given.signal !== undefined && typeof (given.signal as AbortSignal)?.aborted !== "boolean")
    refuse({ field: "signal", value: given.signal, limit: "an AbortSignal" });
  checkOnInvalid(given.onInvalid);

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
    retryDelay:
      (given.retryDelay as ConsumerSettings["retryDelay"]) ??
      ((message) => defaultRetryDelay(message.attempts)),
    schema: given.schema,
    onInvalid: given.onInvalid ?? CONSUMER_DEFAULTS.onInvalid,
    maxRetries: given.maxRetries,
    idleBackoff: range("idleBackoff", given.idleBackoff, ["minMs", "maxMs"], CONSUMER_DEFAULTS.idleBackoff),
    ackBatching: ackBatching(given.ackBatching),
    fatalGraceMs: given.fatalGraceMs ?? CONSUMER_DEFAULTS.fatalGraceMs,
    signal: given.signal,
    onError: given.onError ?? (() => {}),
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

function checkOnInvalid(value: unknown): void {
  if (value === undefined || value === "retry" || value === "ack") return;
  if (typeof value === "object" && value !== null && (value as { sendTo?: unknown }).sendTo instanceof Queue)
    return;
  refuse({ field: "onInvalid", value, limit: '"retry", "ack" or { sendTo: aQueue }' });
}
