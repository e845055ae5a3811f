/**
 * Every default of the producer, in one place. The JSDoc `@default` tags in `options.ts` state the
 * same values (a test compares them).
 */
export const PRODUCER_DEFAULTS = {
  /** Enough to hide a round trip or two without piling requests on one account's budget. */
  concurrency: 4,
  /** Short enough not to be felt next to a request's own latency; long enough to gather a burst. */
  lingerMs: 5,
  /**
   * With the bytes bound, what the buffer and the requests in flight hold at most: 100 full batches,
   * a second or so of work at the API's pace, in a few MB of memory for small messages.
   */
  maxOutstandingMessages: 10_000,
  /** 62 full batches of 256 KB: tens of MB of memory at most, however large the messages. */
  maxOutstandingBytes: 16_000_000,
} as const;
