/**
 * Options become settings once: the client's at construction, a call's when it starts. Every check
 * a plain JavaScript caller needs happens here (unknown keys included), and every default comes
 * from `defaults.ts`, so the rest of the client reads settings that are complete and valid.
 */
import { checkFunction, checkInteger, checkObject, isPlainObject, refuse } from "../core/check.js";
import { createRedactor, type Redactor } from "../core/redact.js";
import { shortNames } from "../internal/openapi.js";
import { authHeaders } from "./auth.js";
import { DEFAULTS } from "./defaults.js";
import type { OperationShortName, RetryInfo } from "./options.js";
import type { RateLimitSettings } from "./rate-limit.js";

/** Every reliability setting, resolved. */
export interface RetrySettings {
  maxRetries: number;
  retryPushes: "always" | "safe" | "never";
  timeoutMs: number;
  deadlineMs: number | undefined;
  backoff: { baseMs: number; capMs: number };
  maxRetryAfterMs: number;
  onRetry: ((info: RetryInfo) => void) | undefined;
}

/** What one call runs with. */
export interface CallSettings extends RetrySettings {
  signal: AbortSignal | undefined;
}

export interface ClientSettings {
  accountId: string;
  baseUrl: string;
  fetch: typeof fetch;
  /** Sent with every request: the user's headers, then the credentials and the content type. */
  headers: Record<string, string>;
  /** Scrubs the credentials out of anything quoted in an error. */
  redactor: Redactor;
  /** The defaults of every call. */
  call: CallSettings;
  /** The client-wide request-rate limit; `undefined` when it is off. */
  rateLimit: RateLimitSettings | undefined;
}

export const RELIABILITY_OPTIONS = [
  "maxRetries",
  "retryPushes",
  "timeoutMs",
  "deadlineMs",
  "backoff",
  "maxRetryAfterMs",
  "onRetry",
] as const;
/** Options every call accepts beside its own. */
export const REQUEST_OPTIONS = [...RELIABILITY_OPTIONS, "signal"] as const;
const CLIENT_OPTIONS = [
  "accountId",
  "apiToken",
  "apiEmail",
  "apiKey",
  "baseUrl",
  "fetch",
  "headers",
  "rateLimit",
  ...RELIABILITY_OPTIONS,
] as const;
const RETRY_PUSHES = ["always", "safe", "never"];
/** Headers that carry credentials: they come from the credential options, never from `headers`. */
const CREDENTIAL_HEADERS = ["authorization", "x-auth-email", "x-auth-key"];

export function resolveClientOptions(options: unknown): ClientSettings {
  checkObject("", options, CLIENT_OPTIONS, {
    what: "QueuesClient",
    name: "options",
    shape: "{ accountId, apiToken } or { accountId, apiEmail, apiKey }",
  });
  const { accountId, baseUrl = DEFAULTS.baseUrl, fetch, headers = {} } = options!;
  if (typeof accountId !== "string" || accountId === "")
    refuse({ field: "accountId", value: accountId, limit: "a non-empty string (the account id)" });
  checkFunction("fetch", fetch);
  const auth = authHeaders(options!);
  const userHeaders = checkHeaders(headers);
  return {
    accountId,
    baseUrl: checkBaseUrl(baseUrl),
    // Looked up at each call, so that a fetch installed (or mocked) after construction is used.
    fetch: (fetch as typeof globalThis.fetch | undefined) ?? ((input, init) => globalThis.fetch(input, init)),
    headers: { ...userHeaders, ...auth, "content-type": "application/json" },
    // The bare credentials: every header value that carries one contains it.
    redactor: createRedactor([options!.apiToken, options!.apiEmail, options!.apiKey] as string[]),
    call: { ...resolveReliability(BUILT_IN, options!), signal: undefined },
    rateLimit: resolveRateLimit(options!.rateLimit),
  };
}

/** `false` turns the limiter off; an object's missing numbers and operations come from the defaults. */
function resolveRateLimit(value: unknown): RateLimitSettings | undefined {
  if (value === false) return undefined;
  checkObject("rateLimit", value, ["requests", "perMs", "operations"], {
    what: "rateLimit",
    shape: "{ requests?, perMs?, operations? } (or false, to turn the limiter off)",
    optional: true,
  });
  const { requests, perMs, operations = DEFAULTS.rateLimit.operations } = value ?? {};
  checkInteger("rateLimit.requests", requests, { min: 1 });
  checkInteger("rateLimit.perMs", perMs, { min: 1 });
  if (!Array.isArray(operations))
    refuse({ field: "rateLimit.operations", value: operations, limit: "an array of operation short names" });
  operations.forEach((name: unknown, i) => {
    if (!shortNames.includes(name as OperationShortName))
      refuse({ field: `rateLimit.operations[${i}]`, value: name, limit: `one of ${shortNames.join(", ")}` });
  });
  return {
    requests: (requests as number | undefined) ?? DEFAULTS.rateLimit.requests,
    perMs: (perMs as number | undefined) ?? DEFAULTS.rateLimit.perMs,
    operations: [...(operations as RateLimitSettings["operations"])],
  };
}

/**
 * A call's settings: its own reliability options over the client's. Unknown keys are refused,
 * naming the call (`ownOptions` are the call's own keys, checked by its encoder).
 */
export function resolveCallOptions(
  defaults: CallSettings,
  options: unknown,
  ownOptions: readonly string[],
  what: string,
): CallSettings {
  checkObject("", options, [...ownOptions, ...REQUEST_OPTIONS], {
    what,
    name: "options",
    shape: "of options",
    optional: true,
  });
  if (options === undefined) return defaults;
  let overridden = false;
  for (const key of RELIABILITY_OPTIONS) if (options[key] !== undefined) overridden = true;
  const { signal } = options;
  if (signal !== undefined && !isAbortSignal(signal))
    refuse({ field: "signal", value: signal, limit: "an AbortSignal" });
  if (!overridden) return signal === undefined ? defaults : { ...defaults, signal };
  return { ...resolveReliability(defaults, options), signal };
}

const BUILT_IN: RetrySettings = {
  maxRetries: DEFAULTS.maxRetries,
  retryPushes: DEFAULTS.retryPushes,
  timeoutMs: DEFAULTS.timeoutMs,
  deadlineMs: DEFAULTS.deadlineMs,
  backoff: DEFAULTS.backoff,
  maxRetryAfterMs: DEFAULTS.maxRetryAfterMs,
  onRetry: undefined,
};

/** `options`' reliability settings over `base`, each checked. */
function resolveReliability(base: RetrySettings, options: Record<string, unknown>): RetrySettings {
  const { maxRetries, retryPushes, timeoutMs, deadlineMs, backoff, maxRetryAfterMs, onRetry } = options;
  checkInteger("maxRetries", maxRetries, { min: 0 });
  checkInteger("timeoutMs", timeoutMs, { min: 1 });
  checkInteger("deadlineMs", deadlineMs, { min: 1 });
  checkInteger("maxRetryAfterMs", maxRetryAfterMs, { min: 0 });
  if (retryPushes !== undefined && !RETRY_PUSHES.includes(retryPushes as string))
    refuse({ field: "retryPushes", value: retryPushes, limit: `one of "always", "safe", "never"` });
  checkFunction("onRetry", onRetry);
  checkObject("backoff", backoff, ["baseMs", "capMs"], {
    what: "backoff",
    shape: "{ baseMs?, capMs? }",
    optional: true,
  });
  checkInteger("backoff.baseMs", backoff?.baseMs, { min: 0 });
  checkInteger("backoff.capMs", backoff?.capMs, { min: 0 });
  return {
    maxRetries: (maxRetries as number | undefined) ?? base.maxRetries,
    retryPushes: (retryPushes as RetrySettings["retryPushes"] | undefined) ?? base.retryPushes,
    timeoutMs: (timeoutMs as number | undefined) ?? base.timeoutMs,
    deadlineMs: (deadlineMs as number | undefined) ?? base.deadlineMs,
    backoff: {
      baseMs: (backoff?.baseMs as number | undefined) ?? base.backoff.baseMs,
      capMs: (backoff?.capMs as number | undefined) ?? base.backoff.capMs,
    },
    maxRetryAfterMs: (maxRetryAfterMs as number | undefined) ?? base.maxRetryAfterMs,
    onRetry: (onRetry as RetrySettings["onRetry"]) ?? base.onRetry,
  };
}

/** An absolute http(s) URL without credentials, query or fragment; trailing slashes dropped. */
function checkBaseUrl(value: unknown): string {
  const limit = 'an absolute http(s) URL such as "https://api.cloudflare.com/client/v4"';
  if (typeof value !== "string") refuse({ field: "baseUrl", value, limit });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refuse({ field: "baseUrl", value, limit });
  }
  if (url.username || url.password)
    refuse({
      field: "baseUrl",
      limit: "a URL without user:password@",
      shown: "a URL with credentials in it",
    });
  if (url.protocol !== "https:" && url.protocol !== "http:") refuse({ field: "baseUrl", value, limit });
  if (url.search || url.hash) refuse({ field: "baseUrl", value, limit: "a URL without a query or fragment" });
  return value.replace(/\/+$/, "");
}

function checkHeaders(value: unknown): Record<string, string> {
  if (!isPlainObject(value))
    return refuse({ field: "headers", value, limit: "an object of header names and string values" });
  for (const [name, header] of Object.entries(value)) {
    const lower = name.toLowerCase();
    if (CREDENTIAL_HEADERS.includes(lower)) {
      refuse({
        field: `headers.${name}`,
        limit: "left out",
        message: `headers.${name} carries a credential: give it as apiToken (or apiEmail + apiKey), so that cfq can keep it out of every error`,
      });
    }
    if (lower === "content-type") {
      refuse({
        field: `headers.${name}`,
        limit: "left out",
        message: `headers.${name}: cfq sends JSON and sets the Content-Type itself`,
      });
    }
    if (typeof header !== "string") refuse({ field: `headers.${name}`, value: header, limit: "a string" });
  }
  return value as Record<string, string>;
}

const isAbortSignal = (value: unknown): value is AbortSignal =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as AbortSignal).aborted === "boolean" &&
  typeof (value as AbortSignal).addEventListener === "function";
