/**
 * The client's call path, owned by one client (never module-global, so that client-wide state such
 * as the rate limiter lives here). A call runs as small stages, outermost first:
 *   retries within the deadline (`retry.ts`)
 *     → the pacing slot, before every attempt, told of every failed one (`pacing.ts`, filled by the
 *       client-wide rate limiter of `rate-limit.ts` unless `rateLimit: false`)
 *       → one attempt under its time limit, and the envelope (`attempt.ts`)
 *         → the transport: fetch, redirect refusal, bounded body (`transport.ts`)
 */
import { operationUrl, type Operation } from "../internal/openapi.js";
import { attempt } from "./attempt.js";
import { AttemptTimers } from "./attempt-timers.js";
import { UNPACED, type Pacer } from "./pacing.js";
import { RateLimiter } from "./rate-limit.js";
import { withRetries } from "./retry.js";
import { resolveCallOptions, type CallSettings, type ClientSettings } from "./settings.js";
import { createTransport, type Transport } from "./transport.js";

export class Executor {
  readonly settings: ClientSettings;
  readonly transport: Transport;
  /** The pacing slot: every attempt waits here until it may be sent. */
  readonly pacer: Pacer;
  readonly #timers = new AttemptTimers();

  constructor(settings: ClientSettings) {
    this.settings = settings;
    this.transport = createTransport(settings.fetch, settings.redactor);
    this.pacer = settings.rateLimit ? new RateLimiter(settings.rateLimit) : UNPACED;
  }

  /** A call's settings: its options over the client's, checked. */
  callSettings(options: unknown, ownOptions: readonly string[], method: string): CallSettings {
    return resolveCallOptions(this.settings.call, options, ownOptions, method);
  }

  /** The URL of `operation` on one queue of this client's account. */
  url(operation: Operation, queueId: string): string {
    return operationUrl(this.settings.baseUrl, operation, {
      account_id: this.settings.accountId,
      queue_id: queueId,
    });
  }

  /**
   * Runs `operation` with an already encoded body; resolves to the envelope's `result`. `deadline`
   * (ms since the epoch) is given by a call of several requests, which share one.
   */
  execute(
    operation: Operation,
    url: string,
    body: string,
    call: CallSettings,
    deadline?: number,
  ): Promise<unknown> {
    const request = {
      operation: operation.operationId,
      method: operation.method,
      url,
      headers: this.settings.headers,
      body,
    };
    const { transport, settings, pacer } = this;
    const timers = this.#timers;
    return withRetries(
      operation,
      call,
      async (deadline) => {
        const admitted = pacer.admit(operation, call, deadline);
        if (admitted) await admitted;
        try {
          return await attempt({ request, call, deadline, transport, redactor: settings.redactor, timers });
        } catch (error) {
          pacer.observe(operation, error, call);
          throw error;
        }
      },
      deadline,
    );
  }
}
