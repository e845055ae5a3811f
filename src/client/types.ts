/** The shapes cfq hands back. Names follow the Workers Queue binding, in camelCase. */

/** A JSON object: what a `json` message carries. */
export type JsonObject = { readonly [key: string]: unknown };

/** One message of {@link Queue.sendBatch}, like the Workers binding's `MessageSendRequest`. */
export type MessageSendRequest =
  | { body: JsonObject; contentType?: "json"; delaySeconds?: number }
  | { body: string; contentType: "text"; delaySeconds?: number };

/** Best-effort queue metrics that Cloudflare returns with push, batch push and pull (exact in the emulator). */
export interface QueueMetrics {
  /** Unacknowledged messages, leased ones included. */
  backlogCount: number;
  /** Bytes of the unacknowledged messages. */
  backlogBytes: number;
  /** Publish time of the oldest unacknowledged message, or `null` when unknown or the queue is empty. */
  oldestMessageTimestamp: Date | null;
}

/** What {@link Queue.send} and {@link Queue.sendBatch} resolve to. */
export interface SendResult {
  /** The queue's metrics after the push, or `undefined` when the answer carried none. */
  metrics: QueueMetrics | undefined;
}

/** A content type a pulled message can have. */
export type ContentType = "json" | "text" | "bytes" | "v8";

/**
 * A leased message, with the names of the Workers `Message` interface. Like a Workers `Message`, it
 * is an object whose `body` is read through its prototype (decoded on first read): `JSON.stringify`
 * and `console.log` show it, but a spread (`{ ...message }`) copies only the plain fields.
 */
export interface Message<Body = unknown> {
  /** The message id. */
  readonly id: string;
  /**
   * The body, decoded by its content type: `json` parsed, `text` as is, `bytes` and `v8` as a
   * `Uint8Array` (a `v8` body is a Workers structured clone; `node:v8`'s `deserialize` reads it).
   * `undefined` when it could not be decoded, with the reason in {@link decodeError}. Decoded on
   * first read, then kept.
   */
  readonly body: Body;
  /** The content type from the `CF-Content-Type` metadata (`json` when absent). */
  readonly contentType: ContentType | (string & {});
  /** The body exactly as the wire had it (base64 for `json`, `bytes` and `v8`). */
  readonly rawBody: string;
  /** Deliveries so far, this one included: 1 on the first delivery. */
  readonly attempts: number;
  /** The opaque token to ack or retry this delivery with. */
  readonly leaseId: string;
  /** When the message was published. */
  readonly timestamp: Date;
  /** The wire metadata (`CF-Content-Type`, `CF-sourceMessageSource`, `CF-msg-delay-secs`, …). */
  readonly metadata: Readonly<Record<string, string>>;
  /** Why `body` could not be decoded; `undefined` when it was. Ack, retry or dead-letter such a message yourself. */
  readonly decodeError?: Error;
  /** A plain copy, `body` included (what `JSON.stringify` and `console.log` show). */
  toJSON(): Record<string, unknown>;
}

/** What {@link Queue.pull} resolves to. */
export interface PullResult<Body = unknown> {
  /** The leased messages, possibly none (pull never waits). */
  messages: Message<Body>[];
  /** Unacknowledged messages in the queue, leased ones included (0 when the answer had no count). */
  backlogCount: number;
  /** The queue's metrics, or `undefined` when the answer carried none. */
  metrics: QueueMetrics | undefined;
}

/** Something that names a lease: the lease id itself, or a pulled {@link Message}. */
export type LeaseRef = string | { readonly leaseId: string };

/** What {@link Queue.ack} takes: leases to acknowledge and leases to deliver again. */
export interface AckRequest {
  /** Leases whose messages are done: they are deleted. */
  acks?: readonly LeaseRef[];
  /** Leases whose messages should be delivered again, now or after `delaySeconds` (0 to 86400). */
  retries?: readonly (string | { readonly leaseId: string; readonly delaySeconds?: number })[];
}

/** What {@link Queue.ack} resolves to. */
export interface AckResult {
  /** Messages acknowledged (0 when the answer had no count). */
  ackCount: number;
  /** Messages marked for retry (0 when the answer had no count). */
  retryCount: number;
  /**
   * A warning per lease id that could not be settled (unknown lease, …). The older wire shape, a
   * plain list, is kept with the list positions (`"0"`, `"1"`, …) as keys.
   */
  warnings: Record<string, string>;
}

/**
 * A message seen by {@link Queue.peek}: the same decoded shape as a pulled {@link Message}, but not
 * leased, so it has no `leaseId`; it has a `ref` that purges it instead.
 */
export interface PeekedMessage<Body = unknown> extends Omit<Message<Body>, "leaseId"> {
  /** The opaque reference that {@link Queue.purge} takes, stable while the message exists. */
  readonly ref: string;
}

/** What {@link Queue.peek} resolves to. */
export interface PeekResult<Body = unknown> {
  /** Available messages in delivery order, possibly none; none of them was leased or changed. */
  messages: PeekedMessage<Body>[];
}

/** Something that names a peeked message: its ref, or the {@link PeekedMessage} itself. */
export type MessageRef = string | { readonly ref: string };

/** What {@link Queue.purge} resolves to. */
export interface PurgeResult {
  /** A warning per ref that matched no message (already gone, or never a ref of this queue). */
  warnings: Record<string, string>;
  /** Problems the answer reported for the purge as a whole (free text; usually none). */
  errors: string[];
}

/** What {@link Queue.extend} resolves to. */
export interface ExtendResult {
  /** Leases extended (0 when the answer had no count). */
  extendCount: number;
  /** A warning per lease id that was not extended (its lease ended, was superseded, or is unknown). */
  warnings: Record<string, string>;
}
