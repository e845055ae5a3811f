/**
 * From pulled messages to settled ones: the buffer of messages no handler has started, up to
 * `concurrency` handlers (or batches) at once, the checks before a handler starts (the lease's
 * margin, the body's decoding and schema), the handler's verdict, and a watchdog over the leases
 * (abort or extend a handler near its lease's end, give back what waited too long, let go of what
 * lapsed).
 */
import type { Queue } from "../client/queue.js";
import type { ExtendResult, Message } from "../client/types.js";
import { AbortError, TimeoutError, type PartialResult, type QueuesError } from "../core/errors.js";
import { describeIssues, type StandardSchemaResult } from "../core/standard-schema.js";
import { defaultRetryDelay } from "./defaults.js";
import { InvalidMessageError } from "./errors.js";
import { Lease } from "./lease.js";
import type { BatchHandler, MessageHandler } from "./options.js";
import type { ConsumerSettings } from "./settings.js";
import type { SettleSink } from "./settler.js";
import type { Counters } from "./stats.js";
import { BufferedTasks, isUnsettled, QueueMessageBatch, RunningTasks, Task, TaskContext } from "./task.js";

/** What the dispatcher needs of a queue: its id (for batches), and `extend` (for `extendLeases`). */
export type DispatchQueue = Pick<Queue, "id" | "extend">;

export type Handler = { kind: "message"; handle: MessageHandler } | { kind: "batch"; handle: BatchHandler };

export class Dispatcher {
  readonly #queue: DispatchQueue;
  readonly #handler: Handler;
  readonly #settings: ConsumerSettings;
  readonly #counters: Counters;
  readonly #settler: SettleSink;
  /** Tasks pulled and not started, in pull order. */
  readonly #buffer = new BufferedTasks();
  readonly #running = new RunningTasks();
  /**
   * How many leases this consumer holds: from its pull until its settle is answered, or it lapses.
   * A count, not a set: each lease is let go exactly once (only an unsettled lease can lapse, and a
   * lapsed one is never sent to the settler), and a `Set` churned once per message (see `RunningTasks`).
   */
  #held = 0;
  readonly #extending = new Set<Lease>();
  #watchdog: ReturnType<typeof setInterval> | undefined;
  /** Once stopping, whatever arrives is given back at once. */
  #closing = false;
  /** Whether `dispatch()` is running (see there). */
  #dispatching = false;
  #changeWaiters: (() => void)[] = [];
  /**
   * Called when a handler slot frees up. Alone, a dispatcher fills it at once; the consumer fills
   * it at the end of the turn instead, after its requests (see `EndOfTurn`).
   */
  onSlotFreed: () => void = () => this.dispatch();

  constructor(
    queue: DispatchQueue,
    handler: Handler,
    settings: ConsumerSettings,
    counters: Counters,
    settler: SettleSink,
  ) {
    this.#queue = queue;
    this.#handler = handler;
    this.#settings = settings;
    this.#counters = counters;
    this.#settler = settler;
    settler.onAnswered = (lease) => this.#letGo(lease);
  }

  get inFlight(): number {
    return this.#running.size;
  }

  get buffered(): number {
    let messages = 0;
    for (const task of this.#buffer.snapshot()) messages += task.leases.length;
    return messages;
  }

  /**
   * Room for another pull's messages: once the free handler slots are filled, fewer tasks would
   * wait in the buffer than there are slots. Counted as "fewer tasks held (buffered or running)
   * than twice the slots", so that the answer is the same before the free slots are filled as
   * after: the end of a turn asks before it fills them (see `EndOfTurn`).
   */
  hasRoom(): boolean {
    return this.#buffer.length + this.#running.size < 2 * this.#settings.concurrency;
  }

  /** The messages of one pull, sent at `sentAt`. */
  receive(messages: Message[], sentAt: number): void {
    if (messages.length === 0) return;
    const { visibilityTimeoutMs, maxRetries } = this.#settings;
    const leases = messages.map((message) => {
      const isLastAttempt = maxRetries === undefined ? undefined : message.attempts > maxRetries;
      const lease = new Lease(message, sentAt + visibilityTimeoutMs, isLastAttempt, this.#settler.send);
      this.#held++;
      return lease;
    });
    this.#startWatchdog();
    if (this.#closing) {
      for (const lease of leases) this.#release(lease);
      return;
    }
    if (this.#handler.kind === "batch") this.#buffer.push(new Task(leases));
    else for (const lease of leases) this.#buffer.push(new Task([lease]));
    this.dispatch();
  }

  /**
   * Starts buffered tasks while there are free handler slots. A task that cannot start frees its
   * slot at once, which may call here again: that inner call returns, and this loop takes the
   * slot, so thousands of such tasks in a row never deepen the stack.
   */
  dispatch(): void {
    if (this.#dispatching) return;
    this.#dispatching = true;
    try {
      // One reading of the clock for the whole run: the tasks start within microseconds of it.
      const now = Date.now();
      while (!this.#closing && this.#running.size < this.#settings.concurrency && this.#buffer.length > 0) {
        const task = this.#buffer.shift()!;
        this.#running.add(task);
        this.#run(task, now);
      }
    } finally {
      this.#dispatching = false;
    }
  }

  /** A task no longer takes a handler slot (it finished, or every lease of it lapsed). */
  #free(task: Task): void {
    if (!this.#running.delete(task)) return;
    this.#changed();
    this.onSlotFreed();
  }

  /**
   * One task, from its checks to its verdict; its slot is freed whatever happens. Written as a
   * promise chain rather than an async function: it runs once per message, and at 0 ms round trips
   * an async function's frame and awaits were a third of the consumer's own cost.
   */
  #run(task: Task, now: number): void {
    if (!this.#settings.schema) return this.#start(task, this.#startable(task.leases, now));
    this.#startableWithSchema(task.leases, now).then(
      // While the schema was validating, leases may have lapsed or been given back by `stop()`:
      // only those still unsettled reach the handler.
      (leases) => this.#start(task, leases.filter(isUnsettled)),
      (error: unknown) => this.#notStarted(task, error),
    );
  }

  /** Runs the handler on `leases` (those of the task that passed the checks); with none it never starts. */
  #start(task: Task, leases: Lease[]): void {
    task.leases = leases;
    if (leases.length === 0) return this.#free(task);
    this.#invoke(task).then(
      () => this.#succeeded(task),
      (error: unknown) => this.#failed(task, error),
    );
  }

  /** The checks before the handler failed unexpectedly: its messages are given back, never lost. */
  #notStarted(task: Task, error: unknown): void {
    this.#settings.onError(error);
    for (const lease of task.unsettled()) this.#release(lease);
    this.#free(task);
  }

  /** The handler resolved: whatever it did not settle is acked. */
  #succeeded(task: Task): void {
    task.settleRest("ack");
    this.#free(task);
  }

  /** The handler threw or rejected: whatever it did not settle is retried, after `retryDelay`. */
  #failed(task: Task, error: unknown): void {
    this.#counters.handlerErrors++;
    task.settleRest("retry", (lease) => this.#retryDelay(lease, error));
    this.#free(task);
  }

  /**
   * The leases a handler may start, in order: those not too close to their lease's end (the others
   * are given back, never started) whose body decodes. This runs once per message, so it makes no
   * array when every lease passes (nearly always): it answers `leases` itself.
   */
  #startable(leases: Lease[], now: number): Lease[] {
    let startable = leases;
    for (let i = 0; i < leases.length; i++) {
      const lease = leases[i]!;
      const passes = this.#inTime(lease, now) && this.#checkBody(lease);
      if (passes && startable !== leases) startable.push(lease);
      else if (!passes && startable === leases) startable = leases.slice(0, i);
    }
    return startable;
  }

  /** As {@link Dispatcher.#startable}, and the body must pass the schema too. */
  async #startableWithSchema(leases: Lease[], now: number): Promise<Lease[]> {
    const startable: Lease[] = [];
    for (const lease of leases)
      if (this.#inTime(lease, now) && this.#checkBody(lease) && (await this.#checkSchema(lease)))
        startable.push(lease);
    return startable;
  }

  /** Whether a handler could still finish before the lease's end; if not, the message is given back. */
  #inTime(lease: Lease, now: number): boolean {
    if (now < lease.expiresAt - this.#settings.leaseMarginMs) return true;
    this.#release(lease);
    return false;
  }

  /** The handler, for one message or one batch; a synchronous throw counts as a rejection. */
  #invoke(task: Task): Promise<unknown> {
    const context = new TaskContext(task);
    try {
      if (this.#handler.kind === "message")
        return Promise.resolve(this.#handler.handle(task.leases[0]!.message, context));
      return Promise.resolve(this.#handler.handle(new QueueMessageBatch(this.#queue.id, task), context));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Whether the body could be decoded: a body that cannot takes the invalid path, alone. */
  #checkBody(lease: Lease): boolean {
    const { decodeError } = lease.message;
    return decodeError ? this.#invalid(lease, decodeError.message) : true;
  }

  /** Whether the body is valid for the schema, if there is one (and then the schema's output becomes the body). */
  async #checkSchema(lease: Lease): Promise<boolean> {
    const schema = this.#settings.schema!;
    const { message } = lease;
    let result: StandardSchemaResult<unknown> | undefined;
    try {
      result = await schema["~standard"].validate(message.body);
    } catch (error) {
      return this.#invalid(lease, `the schema threw: ${(error as Error)?.message ?? String(error)}`);
    }
    if (typeof result !== "object" || result === null)
      return this.#invalid(
        lease,
        `the schema gave no result (${String(result)}), not { value } or { issues }`,
      );
    if (result.issues) return this.#invalid(lease, describeIssues(result.issues), result.issues);
    message.useValidated(result.value);
    return true;
  }

  #invalid(lease: Lease, detail: string, issues?: InvalidMessageError["issues"]): false {
    this.#counters.invalid++;
    const error = new InvalidMessageError({ messageId: lease.message.id, detail, issues });
    this.#settings.onError(error);
    const action = this.#settings.onInvalid;
    if (action === "ack") lease.settle("ack");
    else if (action === "retry") lease.settle("retry", this.#retryDelay(lease, error));
    else void this.#sendElsewhere(lease, action.sendTo, error);
    return false;
  }

  /** Pushes the message to another queue, then acks it; if the push fails, it is retried instead. */
  async #sendElsewhere(lease: Lease, target: Queue, error: InvalidMessageError): Promise<void> {
    const { message } = lease;
    try {
      const body = message.body;
      if (message.contentType === "text" && typeof body === "string")
        await target.send(body, { contentType: "text" });
      else if (!message.decodeError && isObject(body)) await target.send(body as Record<string, unknown>);
      else await target.send(message.rawBody, { contentType: "text" });
      lease.settle("ack");
    } catch (sendError) {
      this.#settings.onError(sendError);
      lease.settle("retry", this.#retryDelay(lease, error));
    }
  }

  /** The user's `retryDelay`, held to the API's range; the default's when it throws or answers nonsense. */
  #retryDelay(lease: Lease, error: unknown): number {
    try {
      const delay = this.#settings.retryDelay(lease.message, error);
      if (Number.isInteger(delay) && delay >= 0 && delay <= 86_400) return delay;
      this.#settings.onError(
        new TypeError(`retryDelay must return an integer from 0 to 86400; got ${String(delay)}`),
      );
    } catch (thrown) {
      this.#settings.onError(thrown);
    }
    return defaultRetryDelay(lease.message.attempts);
  }

  #release(lease: Lease): void {
    lease.settle("release");
  }

  #letGo(lease: Lease): void {
    this.#held--;
    this.#extending.delete(lease);
    if (this.#held === 0) this.#stopWatchdog();
    this.#changed();
  }

  #startWatchdog(): void {
    if (this.#watchdog !== undefined) return;
    const tickMs = Math.min(1000, Math.max(10, Math.floor(this.#settings.leaseMarginMs / 4)));
    this.#watchdog = setInterval(() => this.#watch(), tickMs);
  }

  #stopWatchdog(): void {
    clearInterval(this.#watchdog);
    this.#watchdog = undefined;
  }

  /** One round over the leases held: see the file's comment. */
  #watch(): void {
    const now = Date.now();
    const { leaseMarginMs, extendLeases } = this.#settings;
    const nearEnd = (lease: Lease) => now >= lease.expiresAt - leaseMarginMs;
    for (const task of this.#buffer.snapshot())
      for (const lease of task.unsettled()) if (nearEnd(lease)) this.#release(lease);
    this.#buffer.retain((task) => task.unsettled().length > 0);
    const toExtend: Lease[] = [];
    for (const task of this.#running.snapshot()) {
      const lapsed = task.unsettled().filter((lease) => now >= lease.expiresAt);
      for (const lease of lapsed) this.#lapse(lease);
      // A handler whose every lease lapsed may never settle: its slot goes to other messages.
      if (lapsed.length > 0 && task.unsettled().length === 0) this.#free(task);
      const ending = task.unsettled().filter(nearEnd);
      if (ending.length === 0 || task.aborted) continue;
      if (extendLeases) toExtend.push(...ending.filter((lease) => !this.#extending.has(lease)));
      else {
        const detail = `the lease of message ${ending[0]!.message.id} ends in ${ending[0]!.expiresAt - now} ms`;
        task.abort(new TimeoutError({ operation: "consume", detail }));
      }
    }
    if (toExtend.length > 0) void this.#extend(toExtend);
  }

  /** A lease that ended before its message was settled: the message will come again; this handler's verdict no longer counts. */
  #lapse(lease: Lease): void {
    this.#counters.expired++;
    lease.lapse();
    this.#letGo(lease);
  }

  async #extend(leases: Lease[]): Promise<void> {
    for (const lease of leases) this.#extending.add(lease);
    const sentAt = Date.now();
    const { visibilityTimeoutMs } = this.#settings;
    // An extend still retrying when the leases end would be too late for the fallback (abort the
    // handler, retry its message while the lease lasts): it gets half of the time that is left.
    let earliestEnd = Infinity;
    for (const lease of leases) earliestEnd = Math.min(earliestEnd, lease.expiresAt);
    const deadlineMs = Math.max(1, Math.floor((earliestEnd - sentAt) / 2));
    let warned: Record<string, string> = {};
    try {
      ({ warnings: warned } = await this.#queue.extend(
        leases.map((lease) => lease.leaseId),
        { visibilityTimeoutMs, deadlineMs },
      ));
    } catch (error) {
      this.#settings.onError(error);
      // Sent in several requests, the earlier ones may have extended their leases: those hold.
      const partial = (error as QueuesError).partial as PartialResult<ExtendResult> | undefined;
      const failed = partial ? partial.unconfirmed : leases.map((lease) => lease.leaseId);
      warned = { ...partial?.result.warnings };
      for (const leaseId of failed) warned[leaseId] = "extend failed";
    }
    for (const lease of leases) {
      this.#extending.delete(lease);
      if (!Object.hasOwn(warned, lease.leaseId)) lease.expiresAt = sentAt + visibilityTimeoutMs;
    }
    // A lease that could not be extended falls back to the rule without `extendLeases`: its handler is aborted.
    for (const task of this.#running.snapshot()) {
      const failed = task.leases.find((lease) => Object.hasOwn(warned, lease.leaseId));
      if (failed && !task.aborted)
        task.abort(
          new TimeoutError({
            operation: "consume",
            detail: `the lease of message ${failed.message.id} could not be extended`,
          }),
        );
    }
  }

  // ── stopping ──────────────────────────────────────────────────────────────────────────────────

  /** No task starts any more; what is buffered, or arrives from here on, is given back at once. */
  close(): void {
    this.#closing = true;
    for (const task of this.#buffer.takeAll()) for (const lease of task.leases) this.#release(lease);
  }

  /** Resolves when no handler runs any more, or after `ms`, whichever is first. */
  async handlersDone(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.#running.size > 0 && Date.now() < deadline) await this.#nextChange(deadline - Date.now());
  }

  /** Aborts every running handler's signal. */
  abortAll(reason: string): void {
    for (const task of this.#running.snapshot())
      if (!task.aborted) task.abort(new AbortError({ operation: "consume", reason }));
  }

  /**
   * Gives back every message whose handler has not settled it: that handler's verdict no longer
   * counts, and it no longer takes a slot (it may never settle).
   */
  releaseRunning(): void {
    for (const task of this.#running.snapshot()) {
      for (const lease of task.unsettled()) this.#release(lease);
      this.#free(task);
    }
  }

  /** Resolves when this consumer holds no lease any more. */
  async leasesDone(): Promise<void> {
    while (this.#held > 0) await this.#nextChange(Infinity);
    this.#stopWatchdog();
  }

  #nextChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === Infinity ? undefined : setTimeout(resolve, ms);
      this.#changeWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  #changed(): void {
    if (this.#changeWaiters.length === 0) return;
    for (const wake of this.#changeWaiters.splice(0)) wake();
  }
}

const isObject = (value: unknown) => typeof value === "object" && value !== null && !Array.isArray(value);
