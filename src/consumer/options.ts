/**
 * The consumer's public shapes: what a handler gets, the options, the stats and `stop()`'s modes.
 * Their JSDoc is what an editor shows; the `@default` values are the ones in `defaults.ts`.
 */
import type { Message } from "../client/types.js";
import type { Queue } from "../client/queue.js";
import type { StandardSchemaV1 } from "../core/standard-schema.js";

/** Options of {@link ConsumedMessage.retry} and {@link MessageBatch.retryAll}, as in Workers. */
export interface RetryOptions {
  /** Seconds (0 to 86400) before the message is delivered again. Without it, the queue's `retry_delay` applies. */
  delaySeconds?: number;
}

/**
 * A pulled message in a consumer: the {@link Message} plus the settle verbs of a Workers `Message`.
 * The first settle wins (later calls are ignored); a handler that settles nothing is acked when it
 * resolves and retried when it throws.
 */
export interface ConsumedMessage<Body = unknown> extends Message<Body> {
  /**
   * Acknowledges the message (it is deleted). Resolves to whether Cloudflare confirmed it; never
   * rejects, so awaiting it is optional.
   */
  ack(): Promise<boolean>;
  /**
   * Delivers the message again, now or after `delaySeconds`. Resolves to whether Cloudflare
   * confirmed it; never rejects.
   */
  retry(options?: RetryOptions): Promise<boolean>;
  /** When this consumer's lease on the message ends (computed from when the pull was sent, so never late). */
  readonly leaseExpiresAt: Date;
  /**
   * Whether this is the last delivery before the message is dead-lettered or dropped: `attempts`
   * is past the `maxRetries` the consumer was told. `undefined` when it was not told.
   */
  readonly isLastAttempt: boolean | undefined;
}

/** What a batch handler gets: the Workers `MessageBatch` shape. */
export interface MessageBatch<Body = unknown> {
  /** The queue's id. */
  readonly queue: string;
  /** The batch's messages (those that passed the `schema`, when one is given). */
  readonly messages: readonly ConsumedMessage<Body>[];
  /** Acknowledges every message not settled yet. */
  ackAll(): void;
  /** Delivers again every message not settled yet. */
  retryAll(options?: RetryOptions): void;
}

/** The second argument of every handler. */
export interface HandlerContext {
  /**
   * Aborts when the lease is about to run out (`leaseMarginMs` before it ends) and on a forced
   * stop; pass it on to whatever the handler awaits. Its `reason` says which.
   */
  readonly signal: AbortSignal;
}

/** Handles one message: resolve to ack it, throw to retry it (unless it settled itself). */
export type MessageHandler<Body = unknown> = (
  message: ConsumedMessage<Body>,
  context: HandlerContext,
) => unknown;

/** Handles one batch (one pull): resolve to ack what is unsettled, throw to retry it. */
export type BatchHandler<Body = unknown> = (batch: MessageBatch<Body>, context: HandlerContext) => unknown;

/** What to do with a message whose body cannot be decoded or fails the `schema`. */
export type InvalidMessageAction =
  /** Deliver it again (until it is dead-lettered by the queue's `max_retries`). */
  | "retry"
  /** Acknowledge it: it is gone (it is still reported to `onError`). */
  | "ack"
  /** Push its body (with its content type) to another queue, then acknowledge it. */
  | { sendTo: Queue };

/** Idle and error backoff: waits that double from `minMs` to `maxMs`, each drawn in [half, whole). */
export interface BackoffRange {
  /**
   * The first wait, in ms.
   * @default 200
   */
  minMs?: number;
  /**
   * The longest wait, in ms.
   * @default 10000
   */
  maxMs?: number;
}

/** How acks and retries are coalesced into `/ack` requests. */
export interface AckBatching {
  /**
   * The most leases in one `/ack` request (1 to 100).
   * @default 100
   */
  maxLeases?: number;
  /**
   * How long a settled message waits for others to share its request, in ms. A full request is sent
   * no later than the end of the current turn of the event loop, and every request before the
   * earliest lease in it would end.
   * @default 5
   */
  delayMs?: number;
}

/** Where a consumer stands. */
export type ConsumerState =
  /** Pulling at full speed. */
  | "running"
  /** The queue was empty: pulling slowly, with backoff, until messages appear. */
  | "idle"
  /** Delivery is paused on the queue (409): pulling slowly until it resumes. */
  | "paused"
  /** `stop()` was called: no more pulls; finishing what it holds. */
  | "stopping"
  /** Stopped: it holds no lease. */
  | "stopped";

/** Options of `q.consume()` and `q.consumeBatches()`. All are optional. */
export interface ConsumerOptions<Body = unknown> {
  /**
   * Handlers in flight at once (for `consumeBatches`, batches in flight).
   * @default 10
   */
  concurrency?: number;
  /**
   * The most messages per pull (1 to 100).
   * @default min(100, concurrency)
   */
  batchSize?: number;
  /**
   * How long each pulled message is leased, in ms (1 to 43,200,000). Always sent, since the
   * consumer must know when its leases end.
   * @default 30000
   */
  visibilityTimeoutMs?: number;
  /**
   * Pulls in flight at once while messages keep coming. When a pull comes back empty, one pull at a
   * time, with backoff.
   * @default min(8, max(1, ceil(4 × concurrency / batchSize)))
   */
  maxPulls?: number;
  /**
   * How long before its lease ends a running handler's `signal` aborts (or, with `extendLeases`,
   * the lease is extended), and how close to its end a message is too late to start: it is
   * released instead. In ms.
   * @default min(2000, visibilityTimeoutMs / 4)
   */
  leaseMarginMs?: number;
  /**
   * **Preview** (uses `extend`, which Cloudflare does not document publicly yet). Keep a running
   * handler's lease alive with `extend` instead of aborting its `signal` when the lease is about to
   * end.
   * @default false
   */
  extendLeases?: boolean;
  /**
   * Seconds before a message whose handler threw is delivered again.
   * @default exponential in attempts with jitter: a whole number of seconds in [d/2, d] where d = min(300, 2^(attempts-1))
   */
  retryDelay?: (message: ConsumedMessage<Body>, error: unknown) => number;
  /** A Standard Schema validator (zod, valibot, arktype, …) of the body; an invalid body never reaches the handler. */
  schema?: StandardSchemaV1<unknown, Body>;
  /**
   * What happens to a message whose body cannot be decoded or fails `schema`. It is always reported
   * to `onError` as an `InvalidMessageError`.
   * @default "retry"
   */
  onInvalid?: InvalidMessageAction;
  /**
   * The queue's `max_retries` setting, so that messages can say `isLastAttempt`.
   * @default undefined (unknown)
   */
  maxRetries?: number;
  /**
   * When the queue is empty, pulls back off from `minMs` to `maxMs` (empty pulls are billed reads),
   * and return to full speed as soon as messages appear. Pulls that fail back off the same way.
   * @default { minMs: 200, maxMs: 10000 }
   */
  idleBackoff?: BackoffRange;
  /** How acks and retries are coalesced. @default { maxLeases: 100, delayMs: 5 } */
  ackBatching?: AckBatching;
  /**
   * How long a pull keeps answering 403, 404 or 405 before the consumer gives up with it (Cloudflare
   * answers 405 for a few seconds right after an HTTP pull consumer is added), in ms.
   * @default 10000
   */
  fatalGraceMs?: number;
  /** Stops the consumer gracefully (as `stop()`) when it aborts. */
  signal?: AbortSignal;
  /**
   * Called with failures that belong to no handler: a pull or an ack that failed after its
   * retries, an invalid message, a fatal error before the consumer stops.
   */
  onError?: (error: unknown) => void;
  /** Called when the consumer's {@link ConsumerState} changes (e.g. to `paused` once, not per pull). */
  onStateChange?: (state: ConsumerState) => void;
}

/** The consumer's counters. */
export interface ConsumerStats {
  state: ConsumerState;
  /** Messages pulled. */
  pulled: number;
  /** Acks that Cloudflare confirmed. */
  acked: number;
  /** Retries (a handler threw or called `retry()`) that Cloudflare confirmed. */
  retried: number;
  /** Messages the consumer gave back unhandled (retry with no delay): too close to their lease's end to start, or held at `stop()`. */
  released: number;
  /** Leases that ended under this consumer before a settle was confirmed: those messages come again. */
  expired: number;
  /** Handlers that threw (or rejected). */
  handlerErrors: number;
  /** Messages whose body could not be decoded or failed `schema`. */
  invalid: number;
  /** Handlers (or batches) running now. */
  inFlight: number;
  /** Messages pulled and not started yet. */
  buffered: number;
  /** Pull requests made. */
  pulls: number;
  /** Pull requests that came back empty. */
  emptyPulls: number;
  /** `/ack` requests made (acks, retries and releases together). */
  ackCalls: number;
}

/** Options of {@link Consumer.stop}. */
export interface StopOptions {
  /**
   * `"drain"`: stop pulling, give back what no handler started, let running handlers finish (until
   * `timeoutMs`, then abort their signals), send every pending ack and retry. `"release"`: abort
   * every running handler now and give back everything unsettled.
   * @default "drain"
   */
  mode?: "drain" | "release";
  /**
   * How long running handlers may take to finish in `"drain"` mode, in ms.
   * @default 30000
   */
  timeoutMs?: number;
}
