/** The emulator's configuration: its shape, Cloudflare's defaults, and a validator that names the bad key. */
import { shortNames, type ShortName } from "./spec.js";

/** One queue's settings (all optional, with Cloudflare's defaults). Names follow Cloudflare's. */
export interface QueueConfig {
  /** Failed deliveries before a message is dead-lettered or dropped: it is delivered at most `max_retries + 1` times. @default 3 */
  max_retries?: number;
  /** Where messages go after their last failed delivery (created on first use). @default none: they are dropped */
  dead_letter_queue?: string;
  /** Seconds before a retried message (with no delay of its own) is delivered again. @default 0 */
  retry_delay?: number;
  /** Seconds every pushed message waits before delivery, unless the push gives its own delay. @default 0 */
  delivery_delay?: number;
  /** Messages per pull when the request gives no `batch_size`. @default 5 */
  batch_size?: number;
  /** Lease length when the request gives no `visibility_timeout_ms`. @default 30000 */
  visibility_timeout_ms?: number;
  /** Seconds a message is kept before it is deleted unread (60 to 1209600). @default 345600 (4 days) */
  message_retention_period?: number;
  /** Whether the queue has an HTTP pull consumer; without one, pull answers 405. @default true */
  http_pull?: boolean;
  /** Whether delivery is paused; while it is, pull answers 409 (pushes are still accepted). @default false */
  paused?: boolean;
}

/** One rule of fault injection (see the README's "Fault injection"). */
export interface FaultRule {
  /** The operation it applies to, by its short name (`push`, `batch`, `pull`, `ack`, `peek`, `purge`, `extend`), or `*` for all. */
  op: ShortName | "*";
  /** What happens instead of (or on top of) a normal answer. */
  fault: "429" | "500" | "503" | "delay" | "drop-before" | "drop-after" | "not-json" | "success-false";
  /** Probability that the rule fires on a matching call. @default 1 */
  rate?: number;
  /** Fire only on the first N matching calls. */
  first?: number;
  /** For `delay`: milliseconds to wait before answering. */
  ms?: number;
  /** For `429`: the `Retry-After` value in seconds. @default 1 */
  retryAfter?: number;
}

/** Seeded fault injection, so a failing run can be replayed. */
export interface FaultsConfig {
  /** Seed of the random numbers that decide `rate`. @default 1 */
  seed?: number;
  rules?: FaultRule[];
}

/** The emulator's configuration: the JSON of `cfq serve --config FILE`, or the same object in code. */
export interface EmulatorConfig {
  /** When true, an unknown queue id is 404 / 10104; when false, it is created on first use. @default false */
  strict?: boolean;
  /** Accepted credentials. Empty or absent: any or no credentials are accepted. */
  tokens?: string[];
  /** Queues by id, with their settings. */
  queues?: Record<string, QueueConfig>;
  /** Fault injection, for testing clients against failures. */
  faults?: FaultsConfig;
  /**
   * The most bytes the emulator keeps, across all queues: each message counts its body's UTF-8
   * bytes plus a fixed allowance for its bookkeeping. Past it, a push is refused whole with
   * 429 / 10251 (QueueStorageLimitExceeded) instead of the process running out of memory.
   * `cfq serve` derives its default from the heap limit of the Node.js running it.
   * @default 1073741824 (1 GiB: see {@link DEFAULT_MAX_STORED_BYTES})
   */
  max_stored_bytes?: number;
}

/**
 * 1 GiB. Node's default heap limit on a 64-bit machine is a quarter of its memory, up to about
 * 4 GiB (4.3 GB on a 16 GB machine). Counted bytes are close to the heap they take (a 100-byte body
 * counts 400 and takes about 323), but a body of mostly ASCII with one character outside Latin-1
 * is kept as UTF-16 and takes up to twice its UTF-8 bytes; and a full heap is slow to collect long
 * before it is exhausted. So a quarter of that 4 GiB: safe under Node's default heap on any machine
 * with 8 GB or more, and a backlog of over 2.5 million small messages.
 */
export const DEFAULT_MAX_STORED_BYTES = 2 ** 30;

export type ResolvedQueueConfig = Required<Omit<QueueConfig, "dead_letter_queue">> & {
  dead_letter_queue: string | undefined;
};

export const QUEUE_DEFAULTS: ResolvedQueueConfig = {
  max_retries: 3,
  dead_letter_queue: undefined,
  retry_delay: 0,
  delivery_delay: 0,
  batch_size: 5,
  visibility_timeout_ms: 30_000,
  message_retention_period: 345_600,
  http_pull: true,
  paused: false,
};

/** A configuration that breaks a rule; the message names the key. */
export class EmulatorConfigError extends Error {
  override name = "EmulatorConfigError";
}

type Check = (value: unknown, key: string) => void;

const fail = (
  key: string,
  rule: string,
  value: unknown,
  shown = JSON.stringify(value) ?? String(value),
): never => {
  throw new EmulatorConfigError(`cfq config: ${key} must be ${rule}; got ${shown}`);
};

/** What a secret's value is, without the value: `a string`, `an empty string`, `a number`. */
function kindOf(value: unknown): string {
  if (value === "") return "an empty string";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** Tokens are secrets: a refusal names the key and the kind of value, never the value. */
const tokenList: Check = (value, key) => {
  if (!Array.isArray(value)) fail(key, "an array of strings", value, kindOf(value));
  (value as unknown[]).forEach((token, i) => {
    if (typeof token !== "string" || token === "")
      fail(`${key}[${i}]`, "a non-empty string", token, kindOf(token));
  });
};
const integer =
  (min: number, max: number): Check =>
  (value, key) => {
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max)
      fail(key, `an integer from ${min} to ${max}`, value);
  };
const boolean: Check = (value, key) => {
  if (typeof value !== "boolean") fail(key, "true or false", value);
};
const nonEmptyString: Check = (value, key) => {
  if (typeof value !== "string" || value === "") fail(key, "a non-empty string", value);
};
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function checkObject(value: unknown, key: string, fields: Record<string, Check>): void {
  if (!isRecord(value)) fail(key, "an object", value);
  for (const [name, field] of Object.entries(value as Record<string, unknown>)) {
    // `Object.hasOwn`: a key named `constructor` or `__proto__` must not find Object.prototype's.
    const check = Object.hasOwn(fields, name) ? fields[name] : undefined;
    const at = key ? `${key}.${name}` : name;
    if (!check)
      throw new EmulatorConfigError(
        `cfq config: unknown key ${at} (known: ${Object.keys(fields).join(", ")})`,
      );
    if (field !== undefined) check(field, at);
  }
}

const queueFields: Record<keyof QueueConfig, Check> = {
  max_retries: integer(0, 100),
  dead_letter_queue: nonEmptyString,
  retry_delay: integer(0, 86_400),
  delivery_delay: integer(0, 86_400),
  batch_size: integer(1, 100),
  visibility_timeout_ms: integer(1, 43_200_000),
  message_retention_period: integer(60, 1_209_600),
  http_pull: boolean,
  paused: boolean,
};

/** A check that the value is one of `allowed`, naming them all when it is not. */
const oneOf =
  (allowed: readonly string[]): Check =>
  (value, key) => {
    if (!allowed.includes(value as string))
      fail(key, `one of ${allowed.map((a) => `"${a}"`).join(", ")}`, value);
  };

/** What a fault rule's `op` may be: the operation table's short names, or `*`. */
const FAULT_OPS: readonly string[] = [...shortNames, "*"];

const ruleFields: Record<keyof FaultRule, Check> = {
  op: oneOf(FAULT_OPS),
  fault: oneOf(["429", "500", "503", "delay", "drop-before", "drop-after", "not-json", "success-false"]),
  rate: (value, key) => {
    if (typeof value !== "number" || !(value >= 0 && value <= 1)) fail(key, "a number from 0 to 1", value);
  },
  first: integer(0, Number.MAX_SAFE_INTEGER),
  ms: integer(0, 600_000),
  retryAfter: integer(0, 86_400),
};

/** Throws an {@link EmulatorConfigError} naming the first bad key; returns the config typed. */
export function checkConfig(config: unknown): EmulatorConfig {
  checkObject(config ?? {}, "", {
    strict: boolean,
    tokens: tokenList,
    queues: (value, key) => {
      if (!isRecord(value)) fail(key, "an object of queue settings by queue id", value);
      for (const [id, settings] of Object.entries(value as Record<string, unknown>)) {
        checkObject(settings, `${key}.${id}`, queueFields);
      }
    },
    max_stored_bytes: integer(0, Number.MAX_SAFE_INTEGER),
    faults: (value, key) =>
      checkObject(value, key, {
        seed: integer(0, 2 ** 32 - 1),
        rules: (rules, at) => {
          if (!Array.isArray(rules)) fail(at, "an array of rules", rules);
          (rules as unknown[]).forEach((rule, i) => {
            checkObject(rule, `${at}[${i}]`, ruleFields);
            for (const required of ["op", "fault"] as const) {
              if ((rule as Record<string, unknown>)[required] === undefined)
                fail(`${at}[${i}].${required}`, "given", undefined);
            }
          });
        },
      }),
  });
  return (config ?? {}) as EmulatorConfig;
}

export function resolveQueueConfig(config: QueueConfig | undefined): ResolvedQueueConfig {
  return { ...QUEUE_DEFAULTS, ...config };
}
