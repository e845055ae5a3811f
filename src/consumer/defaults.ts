/**
 * Every default of the consumer, in one place, including those derived from other options. The
 * JSDoc `@default` tags in `options.ts` state the same values.
 */
export const CONSUMER_DEFAULTS = {
  concurrency: 10,
  /** Cloudflare's own default lease. */
  visibilityTimeoutMs: 30_000,
  extendLeases: false,
  onInvalid: "retry",
  /**
   * Idle at the cap, a pull every 7.5 s on average (each wait is drawn in [5 s, 10 s)): 8 billed
   * reads a minute, about 11,500 a day, 350,000 a month (a third of the Paid plan's monthly
   * allowance); a message that arrives on an idle queue waits at most 10 s.
   */
  idleBackoff: { minMs: 200, maxMs: 10_000 },
  ackBatching: { maxLeases: 100, delayMs: 5 },
  /** Long enough for the few seconds of 405 after an HTTP pull consumer is added. */
  fatalGraceMs: 10_000,
  stop: { mode: "drain", timeoutMs: 30_000 },
} as const;

/** As many messages per pull as handlers can take at once, up to the API's 100. */
export const defaultBatchSize = (concurrency: number) => Math.min(100, concurrency);

/**
 * Enough pulls in flight that fast handlers never wait on the network (8 pulls of 100 at a 50 ms
 * round trip is 16,000 messages a second), but never so many that the messages they may bring
 * (pulls × batchSize) pass 4 × concurrency: slow handlers do not hoard leases.
 */
export const defaultMaxPulls = (concurrency: number, batchSize: number) =>
  Math.min(8, Math.max(1, Math.ceil((4 * concurrency) / batchSize)));

/** Enough time before a lease ends to send the ack that settles it, and never more than a quarter of the lease. */
export const defaultLeaseMargin = (visibilityTimeoutMs: number) =>
  Math.min(2000, Math.floor(visibilityTimeoutMs / 4));

/** Exponential in attempts, with jitter: a whole number of seconds in [d/2, d] where d = min(300, 2^(attempts-1)). */
export function defaultRetryDelay(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(300, 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** After a forced abort (stop's timeout, or `"release"`), how long a handler may take to notice before its message is released anyway. */
export const ABORT_GRACE_MS = 1000;
