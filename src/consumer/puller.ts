/**
 * The pulls: up to `maxPulls` in flight while messages keep coming; one at a time, backing off,
 * while the queue is empty (empty pulls are billed reads), paused (409) or failing; and a fatal
 * verdict when the queue keeps answering 403, 404 or 405 past the grace period.
 */
import type { Queue } from "../client/queue.js";
import type { Message } from "../client/types.js";
import { CloudflareApiError } from "../core/errors.js";
import { Backoff } from "./backoff.js";
import type { ConsumerState } from "./options.js";
import type { ConsumerSettings } from "./settings.js";
import type { Counters } from "./stats.js";

/** Answers that say the consumer cannot work here: no permission, no queue, no HTTP pull consumer. */
const FATAL_STATUSES = [403, 404, 405];

export interface PullerHooks {
  /** Whether there is room for another pull's messages. */
  hasRoom(): boolean;
  /** Messages one pull brought, and when it was sent. */
  receive(messages: Message[], sentAt: number): void;
  /** The queue is empty, paused, or delivering again. */
  setState(state: Extract<ConsumerState, "running" | "idle" | "paused">): void;
  /** The consumer cannot work: it must stop with this error. */
  fatal(error: unknown): void;
}

export class Puller {
  readonly #queue: Queue;
  readonly #settings: ConsumerSettings;
  readonly #counters: Counters;
  readonly #hooks: PullerHooks;
  readonly #idle: Backoff;
  readonly #failing: Backoff;
  #inFlight = 0;
  #state: "running" | "idle" | "paused" = "running";
  #waiting: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  /** When the current run of 403/404/405 answers began. */
  #fatalSince: number | undefined;
  #doneWaiters: (() => void)[] = [];
  /**
   * Called when a pull is done (the room for more may have changed). Alone, a puller starts the
   * next pulls at once; the consumer starts them at the end of the turn instead, beside its other
   * requests (see `EndOfTurn`).
   */
  onPullDone: () => void = () => this.pump();

  constructor(queue: Queue, settings: ConsumerSettings, counters: Counters, hooks: PullerHooks) {
    this.#queue = queue;
    this.#settings = settings;
    this.#counters = counters;
    this.#hooks = hooks;
    this.#idle = new Backoff(settings.idleBackoff);
    this.#failing = new Backoff(settings.idleBackoff);
  }

  /** Starts as many pulls as the state, the room and `maxPulls` allow. */
  pump(): void {
    const lanes = this.#state === "running" ? this.#settings.maxPulls : 1;
    while (!this.#stopped && this.#waiting === undefined && this.#inFlight < lanes && this.#hooks.hasRoom()) {
      void this.#pull();
    }
  }

  /** No more pulls; resolves when the ones in flight are done (their messages received). */
  stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#waiting);
    this.#waiting = undefined;
    return this.#inFlight === 0
      ? Promise.resolve()
      : new Promise((resolve) => this.#doneWaiters.push(resolve));
  }

  async #pull(): Promise<void> {
    this.#inFlight++;
    this.#counters.pulls++;
    const sentAt = Date.now();
    try {
      const { messages } = await this.#queue.pull({
        batchSize: this.#settings.batchSize,
        visibilityTimeoutMs: this.#settings.visibilityTimeoutMs,
      });
      this.#fatalSince = undefined;
      this.#failing.reset();
      this.#counters.pulled += messages.length;
      if (messages.length === 0) {
        this.#counters.emptyPulls++;
        this.#enter("idle");
        this.#wait(this.#idle.next());
      } else {
        // Messages again: back to full speed at once, whatever wait an earlier empty pull began.
        this.#idle.reset();
        clearTimeout(this.#waiting);
        this.#waiting = undefined;
        this.#enter("running");
      }
      this.#hooks.receive(messages, sentAt);
    } catch (error) {
      this.#failed(error);
    } finally {
      this.#inFlight--;
      if (this.#inFlight === 0) for (const wake of this.#doneWaiters.splice(0)) wake();
      this.onPullDone();
    }
  }

  #failed(error: unknown): void {
    const status = error instanceof CloudflareApiError ? error.status : undefined;
    if (status === 409) {
      // A paused queue is a state, not an error: reported once, polled slowly until it resumes.
      this.#enter("paused");
      this.#wait(this.#idle.next());
      return;
    }
    if (status !== undefined && FATAL_STATUSES.includes(status)) {
      const now = Date.now();
      this.#fatalSince ??= now;
      if (now - this.#fatalSince >= this.#settings.fatalGraceMs) {
        this.#hooks.fatal(error);
        return;
      }
    } else {
      this.#settings.onError(error);
    }
    this.#wait(this.#failing.next());
  }

  #enter(state: "running" | "idle" | "paused"): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#hooks.setState(state);
  }

  /** No new pull for `ms` (one wait at a time: a later empty pull does not extend it). */
  #wait(ms: number): void {
    if (this.#waiting !== undefined || this.#stopped) return;
    this.#waiting = setTimeout(() => {
      this.#waiting = undefined;
      this.pump();
    }, ms);
  }
}
