/**
 * The options users pass to a producer, and what it hands back. Their JSDoc is what an editor
 * shows: keep it exact. The `@default` values are the ones in `defaults.ts` (a test holds them equal).
 */
import type { ReliabilityOptions } from "../client/options.js";
import type { SendResult } from "../client/types.js";

/**
 * How a producer batches, paces and bounds what it holds. Its {@link ReliabilityOptions} apply to
 * each batch request, over the client's (`retryPushes` included: by default a batch is retried only
 * when it provably did not reach the queue).
 */
export interface ProducerOptions extends ReliabilityOptions {
  /**
   * Batches sent at once. With `1`, batches are sent one after the other, in the order their
   * messages were given.
   * @default 4
   */
  concurrency?: number;
  /**
   * How long a batch that is not full waits for more messages before it is sent, in ms. `0` still
   * gathers every message sent in the same tick (it waits for a `setTimeout(0)`).
   * @default 5
   */
  lingerMs?: number;
  /**
   * The most messages held at once, in the buffer and in flight together. Past it, `send()` waits
   * for room, and `sendMany()` reads no further.
   * @default 10000
   */
  maxOutstandingMessages?: number;
  /**
   * The most body bytes held at once, in the buffer and in flight together (at least 128,000, the
   * largest message). Past it, `send()` waits for room, and `sendMany()` reads no further.
   * @default 16000000
   */
  maxOutstandingBytes?: number;
}

/** Options of {@link Producer.send} for a JSON message (the default content type). */
export interface JsonMessageOptions {
  /** `json` (the default): the body is a JSON object. */
  contentType?: "json";
  /** Seconds (0 to 86400) before the message can be delivered. */
  delaySeconds?: number;
}

/** Options of {@link Producer.send} for a text message. */
export interface TextMessageOptions {
  /** `text`: the body is a string. Required for string bodies. */
  contentType: "text";
  /** Seconds (0 to 86400) before the message can be delivered. */
  delaySeconds?: number;
}

/** Options of {@link Producer.sendBatch}. */
export interface BatchOptions {
  /** Seconds (0 to 86400) before the batch's messages can be delivered; a message's own `delaySeconds` wins. */
  delaySeconds?: number;
}

/**
 * What {@link Producer.send} and {@link Producer.sendBatch} resolve to: the result of the batch that carried the message, one
 * frozen object shared by the batch's messages.
 */
export interface SendReceipt extends Readonly<SendResult> {
  /** Messages in that batch. */
  readonly batchSize: number;
}

/** A message of {@link Producer.sendMany} that was not accepted: refused before sending, or its batch failed. */
export interface SendFailure {
  readonly ok: false;
  /** A `QueuesValidationError` for a message refused before sending; otherwise its batch's error. */
  readonly error: Error;
}

/** The outcome of one message of {@link Producer.sendMany} (frozen; one object is shared by many). */
export type SendManyResult = { readonly ok: true } | SendFailure;

/** What {@link Producer.stats} reports: totals since the producer was made, and what it holds now. */
export interface ProducerStats {
  /** Messages the queue accepted. */
  sent: number;
  /** Messages whose batch failed. */
  failed: number;
  /** Messages refused before sending (a `QueuesValidationError`). */
  refused: number;
  /** Batches sent, successful or not. */
  batches: number;
  /** Requests made, retries included. */
  requests: number;
  /** Body bytes of the messages the queue accepted. */
  bytes: number;
  /** Messages in the buffer, not sent yet. */
  buffered: number;
  /** Messages in batches being sent. */
  inFlight: number;
  /** Messages given to `send()` or `sendBatch()`, or read by `sendMany()`, that wait for room in the buffer. */
  waiting: number;
}
