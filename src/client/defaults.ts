/**
 * Every default of the client, in one place. The JSDoc `@default` tags in `options.ts` state the
 * same values (a test compares them), so what users read in their editor is what runs.
 */
export const DEFAULTS = {
  /** Cloudflare's API v4. */
  baseUrl: "https://api.cloudflare.com/client/v4",
  maxRetries: 2,
  retryPushes: "safe",
  timeoutMs: 30_000,
  /** No limit on the whole call. */
  deadlineMs: undefined,
  backoff: { baseMs: 500, capMs: 8_000 },
  maxRetryAfterMs: 60_000,
  /** Cloudflare's documented API budget, which push and batch push count against (pull and ack are exempt). */
  rateLimit: { requests: 1_200, perMs: 300_000, operations: ["push", "batch"] },
} as const;
