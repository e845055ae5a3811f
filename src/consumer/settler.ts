/**
 * Acks, retries and releases, coalesced: each settle waits a few ms for others to share its `/ack`
 * request (at most `maxLeases` per request), and is always sent before the earliest lease in it
 * would end. A request that fails after the client's own retries is tried again while its leases
 * last; a lease that ends first is counted as expired (its message comes again: at least once).
 */
import type { Queue } from "../client/queue.js";
import type { AckRequest } from "../client/types.js";
import { Backoff } from "./backoff.js";
import type { Lease } from "./lease.js";
import type { ConsumerSettings } from "./settings.js";
import type { Counters } from "./stats.js";

/** Between failed `/ack` requests for leases that still last. */
const FAILED_ACK_BACKOFF = { minMs: 100, maxMs: 2000 };

/** What the dispatcher needs of a settler: somewhere to send settles, and word when each is answered. */
export interface SettleSink {
  /** Takes the settle of a settled lease (`lease.settledAs`); answers it later through `lease.answer()`. */
  send(lease: Lease): void;
  onAnswered: (lease: Lease) => void;
}

export class Settler implements SettleSink {
  readonly #queue: Queue;
  readonly #settings: ConsumerSettings;
  readonly #counters: Counters;
  /** Settled leases whose settle is not sent yet. */
  #pending: Lease[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Infinity;
  #inFlight = 0;
  readonly #backoff = new Backoff(FAILED_ACK_BACKOFF);
  #idleWaiters: (() => void)[] = [];
  /** Called when a settle has its answer (confirmed or not): the lease is no longer held. */
  onAnswered: (lease: Lease) => void = () => {};
  /**
   * Called when the settles pending fill a request. Alone, a settler sends it at once; the
   * consumer sends it at the end of the turn instead, beside its pulls (see `EndOfTurn`).
   */
  onRequestFilled: () => void = () => this.sendFullRequests();

  constructor(queue: Queue, settings: ConsumerSettings, counters: Counters) {
    this.#queue = queue;
    this.#settings = settings;
    this.#counters = counters;
  }

  /** Queues one settle; `lease.answer()` says later whether Cloudflare confirmed it. */
  send = (lease: Lease): void => {
    this.#pending.push(lease);
    if (this.#pending.length >= this.#settings.ackBatching.maxLeases) this.onRequestFilled();
    // Only the new lease can bring the flush forward: the timer already honours the others. An
    // armed timer is never later than `delayMs` after it was armed, so only a lease that ends
    // sooner can (checked first: this runs once per message, and reading the clock is not free).
    else if (this.#timer === undefined || lease.expiresAt - this.#settings.leaseMarginMs < this.#timerAt)
      this.#armAt(this.#flushTimeFor(lease, Date.now()));
  };

  /** Sends the full requests pending (of `maxLeases` each); the rest waits for its flush time. */
  sendFullRequests(): void {
    const { maxLeases } = this.#settings.ackBatching;
    // Asked at the end of every busy turn: with no full request, the armed flush stands as it is.
    if (this.#pending.length < maxLeases) return;
    this.#flush(maxLeases);
  }

  /** Sends everything pending now, and resolves when nothing is pending or in flight any more. */
  drain(): Promise<void> {
    this.#flush(Infinity);
    return this.#whenIdle();
  }

  /** Nothing pending and nothing in flight. */
  get idle(): boolean {
    return this.#pending.length === 0 && this.#inFlight === 0;
  }

  /**
   * When a pending settle must be sent: after `delayMs`, but before its lease ends (with the lease
   * margin kept for the request itself), and never in the past.
   */
  #flushTimeFor(lease: Lease, now: number): number {
    const at = Math.min(
      now + this.#settings.ackBatching.delayMs,
      lease.expiresAt - this.#settings.leaseMarginMs,
    );
    return Math.max(now, at);
  }

  /** Arms the timer for the earliest flush time of everything pending. */
  #schedule(): void {
    const now = Date.now();
    let at = Infinity;
    for (const lease of this.#pending) at = Math.min(at, this.#flushTimeFor(lease, now));
    this.#armAt(at);
  }

  #armAt(at: number): void {
    if (this.#timer !== undefined && this.#timerAt <= at) return;
    clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#timerAt = Infinity;
      this.#flush(Infinity);
    }, at - Date.now());
  }

  /** Sends pending settles in requests of `maxLeases`: all of them, or only full requests. */
  #flush(upTo: number): void {
    const { maxLeases } = this.#settings.ackBatching;
    while (this.#pending.length > 0 && (upTo === Infinity || this.#pending.length >= maxLeases)) {
      void this.#request(this.#pending.splice(0, maxLeases));
    }
    if (this.#pending.length === 0) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#timerAt = Infinity;
    } else this.#schedule();
  }

  async #request(batch: Lease[]): Promise<void> {
    this.#inFlight++;
    this.#counters.ackCalls++;
    try {
      const request: Required<AckRequest> = { acks: [], retries: [] };
      for (const lease of batch) {
        if (lease.settledAs === "ack") (request.acks as string[]).push(lease.leaseId);
        else
          (request.retries as { leaseId: string; delaySeconds?: number }[]).push({
            leaseId: lease.leaseId,
            delaySeconds: lease.delaySeconds,
          });
      }
      const { warnings } = await this.#queue.ack(request);
      this.#backoff.reset();
      // Nearly always no warnings: then no lease id is looked up (a lookup by a string the pull's
      // JSON made hashes it in V8's string table, and was most of the settler's cost at 0 ms).
      const warned = Object.keys(warnings).length > 0;
      for (const lease of batch) this.#confirm(lease, !(warned && Object.hasOwn(warnings, lease.leaseId)));
    } catch (error) {
      this.#settings.onError(error);
      this.#tryAgain(batch);
    } finally {
      this.#inFlight--;
      if (this.idle) for (const wake of this.#idleWaiters.splice(0)) wake();
    }
  }

  #confirm(lease: Lease, confirmed: boolean): void {
    const counters = this.#counters;
    if (!confirmed) counters.expired++;
    else if (lease.settledAs === "ack") counters.acked++;
    else if (lease.settledAs === "retry") counters.retried++;
    else counters.released++;
    this.onAnswered(lease);
    lease.answer(confirmed);
  }

  /** After a failed request: its leases that still last are sent again after a backoff; the others have expired. */
  #tryAgain(batch: Lease[]): void {
    const now = Date.now();
    const lasting = batch.filter((lease) => lease.expiresAt > now);
    for (const lease of batch) if (lease.expiresAt <= now) this.#confirm(lease, false);
    if (lasting.length === 0) return;
    this.#inFlight++; // the wait holds the settles, as a request would
    setTimeout(() => {
      this.#inFlight--;
      this.#pending.unshift(...lasting);
      this.#flush(Infinity);
    }, this.#backoff.next());
  }

  #whenIdle(): Promise<void> {
    return this.idle ? Promise.resolve() : new Promise((resolve) => this.#idleWaiters.push(resolve));
  }
}
