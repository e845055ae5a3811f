/** Cloudflare Queues' documented limits (KB = 1000 bytes). The client checks them before sending; the emulator enforces them. */

const MESSAGE_BYTES = 128_000;
const MAX_BATCH_SIZE = 100;

export const LIMITS = {
  /** Bytes of one message body (UTF-8 of the string, or of the JSON text). */
  messageBytes: MESSAGE_BYTES,
  /** Bytes of all the bodies of one batch push. */
  batchBytes: 256_000,
  /** Messages in one batch push. */
  batchCount: 100,
  /** `delay_seconds` of a push, a batch or a retry. */
  maxDelaySeconds: 86_400,
  /** `batch_size` of a pull. */
  maxBatchSize: MAX_BATCH_SIZE,
  /** `visibility_timeout_ms` of a pull. */
  maxVisibilityTimeoutMs: 43_200_000,
  /**
   * Lease ids (or refs) per ack, purge or extend request: no server limit is documented, so the
   * client sends at most this many in one request, and more in several.
   */
  idsPerRequest: 100,
  /**
   * Bytes of an answer the client reads before giving up on it. The largest valid answer is a pull
   * of 100 messages of 128 KB: base64 makes a `json` body 4/3 larger, but a `text` body of control
   * characters is JSON-escaped to 6 bytes per byte (`\u0001`), so 100 × (128,000 × 6 + 4 KB of ids,
   * lease and metadata) ≈ 77 MB. Past this, reading stops: a runaway answer never exhausts memory.
   */
  maxResponseBytes: MAX_BATCH_SIZE * (MESSAGE_BYTES * 6 + 4096),
} as const;
