/** Cloudflare Queues' documented limits (KB = 1000 bytes). The client checks them before sending; the emulator enforces them. */
export const LIMITS = {
  /** Bytes of one message body (UTF-8 of the string, or of the JSON text). */
  messageBytes: 128_000,
  /** Bytes of all the bodies of one batch push. */
  batchBytes: 256_000,
  /** Messages in one batch push. */
  batchCount: 100,
  /** `delay_seconds` of a push, a batch or a retry. */
  maxDelaySeconds: 86_400,
  /** `batch_size` of a pull. */
  maxBatchSize: 100,
  /** `visibility_timeout_ms` of a pull. */
  maxVisibilityTimeoutMs: 43_200_000,
  /** Lease ids per ack call: no server limit is documented, so the client sends at most this many. */
  ackChunk: 100,
  /** Bytes of a whole request body the emulator reads before answering 413. */
  requestBytes: 1_000_000,
} as const;
