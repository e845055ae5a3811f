/**
 * A running consumer: it starts at once, pulls and dispatches until stopped, and shuts down
 * cleanly. `stop()` returns one promise however often it is called; `closed` settles when the
 * consumer has stopped (and rejects with a fatal error).
 */
import type { Queue } from "../client/queue.js";
import { checkObject, refuse } from "../core/check.js";
import { CONSUMER_DEFAULTS, ABORT_GRACE_MS } from "./defaults.js";
import { Dispatcher, type Handler } from "./dispatcher.js";
import type { ConsumerState, ConsumerStats, StopOptions } from "./options.js";
import { Puller } from "./puller.js";
import { resolveConsumerOptions, type ConsumerSettings } from "./settings.js";
import { Settler } from "./settler.js";
import { newCounters, type Counters } from "./stats.js";
import { EndOfTurn } from "./turn.js";

export class Consumer {
  /** Settles when the consumer has stopped: with its final stats, or rejected with the fatal error that stopped it. */
  readonly closed: Promise<ConsumerStats>;
  readonly #settings: ConsumerSettings;
  readonly #counters: Counters = newCounters();
  readonly #dispatcher: Dispatcher;
  readonly #puller: Puller;
  readonly #settler: Settler;
  #state: ConsumerState = "running";
  #stopping: Promise<ConsumerStats> | undefined;
  #fatal: { error: unknown } | undefined;
  #settleClosed!: { resolve: (stats: ConsumerStats) => void; reject: (error: unknown) => void };

  /** @internal Use `q.consume()` or `q.consumeBatches()` (after `import "cfq/consumer"`). */
  constructor(queue: Queue, handler: Handler, options: unknown, method: string) {
    if (typeof handler.handle !== "function")
      refuse({ field: "handler", value: handler.handle, limit: "a function" });
    this.#settings = resolveConsumerOptions(options, method);
    this.closed = new Promise((resolve, reject) => (this.#settleClosed = { resolve, reject }));
    // With an onError, every failure is seen there: `closed` need not be awaited to keep a fatal
    // error from going unhandled.
    if ((options as { onError?: unknown } | undefined)?.onError) this.closed.catch(() => {});
    this.#settler = new Settler(queue, this.#settings, this.#counters);
    this.#dispatcher = new Dispatcher(queue, handler, this.#settings, this.#counters, this.#settler);
    this.#puller = new Puller(queue, this.#settings, this.#counters, {
      hasRoom: () => this.#dispatcher.hasRoom(),
      receive: (messages, sentAt) => this.#dispatcher.receive(messages, sentAt),
      setState: (state) => this.#enter(state),
      fatal: (error) => this.#failed(error),
    });
    // Requests first, so that they leave together and the server works on them while handlers start.
    const endOfTurn = new EndOfTurn(() => {
      this.#settler.sendFullRequests();
      this.#puller.pump();
      this.#dispatcher.dispatch();
    });
    this.#settler.onRequestFilled = endOfTurn.request;
    this.#puller.onPullDone = endOfTurn.request;
    this.#dispatcher.onSlotFreed = endOfTurn.request;
    const { signal } = this.#settings;
    if (signal?.aborted) void this.stop();
    else {
      signal?.addEventListener("abort", () => void this.stop(), { once: true });
      this.#puller.pump();
    }
  }

  /** The counters, and where the consumer stands. */
  stats(): ConsumerStats {
    return {
      state: this.#state,
      ...this.#counters,
      inFlight: this.#dispatcher.inFlight,
      buffered: this.#dispatcher.buffered,
    };
  }

  /**
   * Stops the consumer; resolves to its final stats once it holds no lease any more. In `"drain"`
   * mode (the default) it stops pulling, gives back what no handler started, lets running handlers
   * finish until `timeoutMs` (then aborts their signals), and sends every pending ack and retry. In
   * `"release"` mode it aborts every running handler at once and gives back everything unsettled.
   * Calling it again returns the same promise.
   */
  stop(options?: StopOptions): Promise<ConsumerStats> {
    if (this.#stopping) return this.#stopping;
    checkObject("", options, ["mode", "timeoutMs"], {
      what: "stop",
      name: "options",
      shape: "{ mode?, timeoutMs? }",
      optional: true,
    });
    const { mode = CONSUMER_DEFAULTS.stop.mode, timeoutMs = CONSUMER_DEFAULTS.stop.timeoutMs } =
      options ?? {};
    if (mode !== "drain" && mode !== "release")
      refuse({ field: "mode", value: mode, limit: '"drain" or "release"' });
    if (!Number.isInteger(timeoutMs) || timeoutMs < 0)
      refuse({ field: "timeoutMs", value: timeoutMs, limit: "an integer of at least 0" });
    this.#stopping = this.#shutDown(mode, timeoutMs);
    return this.#stopping;
  }

  /** `await using consumer = q.consume(…)` stops it (draining) on scope exit. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  async #shutDown(mode: "drain" | "release", timeoutMs: number): Promise<ConsumerStats> {
    this.#enter("stopping");
    const pullsDone = this.#puller.stop();
    this.#dispatcher.close();
    if (mode === "drain") {
      await this.#dispatcher.handlersDone(timeoutMs);
      this.#dispatcher.abortAll("the consumer is stopping and its timeout passed");
      await this.#dispatcher.handlersDone(ABORT_GRACE_MS);
    } else {
      this.#dispatcher.abortAll("the consumer is stopping (release)");
    }
    this.#dispatcher.releaseRunning();
    await pullsDone;
    await this.#settler.drain();
    await this.#dispatcher.leasesDone();
    this.#enter("stopped");
    const stats = this.stats();
    if (this.#fatal) this.#settleClosed.reject(this.#fatal.error);
    else this.#settleClosed.resolve(stats);
    return stats;
  }

  /** A fatal answer (only the first counts: several pulls may bring it at once). */
  #failed(error: unknown): void {
    if (this.#fatal) return;
    this.#fatal = { error };
    this.#settings.onError(error);
    void this.stop({ mode: "release" });
  }

  #enter(state: ConsumerState): void {
    if (this.#state === state || this.#state === "stopped") return;
    if (this.#state === "stopping" && state !== "stopped") return;
    this.#state = state;
    this.#settings.onStateChange?.(state);
  }
}
