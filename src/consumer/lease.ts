/**
 * One pulled message as the consumer holds it: its lease, the first settle (which wins), and the
 * {@link ConsumedMessage} its handler sees.
 */
import type { Message } from "../client/types.js";
import { checkInteger } from "../core/check.js";
import { LIMITS } from "../core/limits.js";
import type { ConsumedMessage, RetryOptions } from "./options.js";

/** How a lease is settled: acked, retried (a handler's verdict), or released (given back unhandled, delay 0). */
export type SettleKind = "ack" | "retry" | "release";

/**
 * Sends the settle of one lease (read from {@link Lease.settledAs}). The sender answers it later
 * through {@link Lease.answer}: most settles are the consumer's own (a handler resolved, so its
 * message is acked), and nobody awaits them, so no promise is made for them.
 */
export type SendSettle = (lease: Lease) => void;

export class Lease {
  readonly leaseId: string;
  /** When the lease ends, in ms since the epoch (from when the pull was sent: never later than the truth). */
  expiresAt: number;
  /** Whether it was settled (the first settle wins) or lapsed: then a handler's verdict no longer counts. */
  settled = false;
  /** How the first settle settled it (none when it lapsed). */
  settledAs: SettleKind | undefined;
  /** A retry's delay (none: the queue's own); a release is a retry with none at all, 0. */
  delaySeconds: number | undefined;
  /** The object the handler sees. */
  readonly message: ConsumedQueueMessage;
  readonly #send: SendSettle;
  /** Whether Cloudflare confirmed the first settle, once answered. */
  #confirmed: boolean | undefined;
  /** The first settle's outcome, made only when someone asks for it. */
  #outcome: Promise<boolean> | undefined;
  #resolveOutcome: ((confirmed: boolean) => void) | undefined;

  constructor(pulled: Message, expiresAt: number, isLastAttempt: boolean | undefined, send: SendSettle) {
    this.leaseId = pulled.leaseId;
    this.expiresAt = expiresAt;
    this.#send = send;
    this.message = new ConsumedQueueMessage(pulled, this, isLastAttempt);
  }

  /** The first settle wins: a later one changes nothing. */
  settle(kind: SettleKind, delaySeconds?: number): void {
    if (this.settled) return;
    this.settled = true;
    this.settledAs = kind;
    this.delaySeconds = kind === "release" ? 0 : delaySeconds;
    this.#send(this);
  }

  /** Whether Cloudflare confirmed the first settle (resolves once it is answered; never rejects). */
  get outcome(): Promise<boolean> {
    if (this.#outcome) return this.#outcome;
    if (this.#confirmed !== undefined) return (this.#outcome = Promise.resolve(this.#confirmed));
    return (this.#outcome = new Promise((resolve) => (this.#resolveOutcome = resolve)));
  }

  /** The sender's answer to the first settle. */
  answer(confirmed: boolean): void {
    this.#confirmed = confirmed;
    this.#resolveOutcome?.(confirmed);
  }

  /** The lease ended before its message was settled: whatever the handler says now no longer counts. */
  lapse(): void {
    this.settled = true;
    this.answer(false);
  }
}

/**
 * A pulled message with the settle verbs of a Workers `Message`. Like the client's pulled messages,
 * a class: its own fields are plain data, `body` is read through the prototype.
 */
class ConsumedQueueMessage implements ConsumedMessage {
  readonly id: string;
  readonly contentType: string;
  readonly rawBody: string;
  readonly attempts: number;
  readonly leaseId: string;
  readonly timestamp: Date;
  readonly metadata: Readonly<Record<string, string>>;
  readonly isLastAttempt: boolean | undefined;
  readonly #pulled: Message;
  readonly #lease: Lease;
  /** The schema's output, when a schema validated (and maybe transformed) the body. */
  #validated: { value: unknown } | undefined;

  constructor(pulled: Message, lease: Lease, isLastAttempt: boolean | undefined) {
    this.id = pulled.id;
    this.contentType = pulled.contentType;
    this.rawBody = pulled.rawBody;
    this.attempts = pulled.attempts;
    this.leaseId = pulled.leaseId;
    this.timestamp = pulled.timestamp;
    this.metadata = pulled.metadata;
    this.isLastAttempt = isLastAttempt;
    this.#pulled = pulled;
    this.#lease = lease;
  }

  get body(): unknown {
    return this.#validated ? this.#validated.value : this.#pulled.body;
  }

  get decodeError(): Error | undefined {
    return this.#pulled.decodeError;
  }

  get leaseExpiresAt(): Date {
    return new Date(this.#lease.expiresAt);
  }

  /** @internal The body as the consumer's schema gave it back. */
  useValidated(value: unknown): void {
    this.#validated = { value };
  }

  ack(): Promise<boolean> {
    this.#lease.settle("ack");
    return this.#lease.outcome;
  }

  retry(options?: RetryOptions): Promise<boolean> {
    const delaySeconds = options?.delaySeconds;
    checkInteger("delaySeconds", delaySeconds, { min: 0, max: LIMITS.maxDelaySeconds });
    this.#lease.settle("retry", delaySeconds);
    return this.#lease.outcome;
  }

  toJSON(): Record<string, unknown> {
    return {
      ...this.#pulled.toJSON(),
      body: this.body,
      leaseExpiresAt: this.leaseExpiresAt,
      isLastAttempt: this.isLastAttempt,
    };
  }

  [Symbol.for("nodejs.util.inspect.custom")]() {
    return this.toJSON();
  }
}

export type { ConsumedQueueMessage };
