/** The client of one account: its settings, resolved once, and the executor that every call of its queues shares. */
import { refuse } from "../core/check.js";
import type { RawOperations } from "../internal/openapi.js";
import { DEFAULTS } from "./defaults.js";
import { Executor } from "./executor.js";
import type { QueuesClientOptions } from "./options.js";
import { Queue } from "./queue.js";
import { createRaw } from "./raw.js";
import { resolveClientOptions } from "./settings.js";

/** Cloudflare's API v4 base URL. */
export const DEFAULT_BASE_URL = DEFAULTS.baseUrl;

/**
 * A client for the Cloudflare Queues HTTP API of one account. Its queues share one rate limiter,
 * because the API's request budget is the account's (see `rateLimit`).
 *
 * ```ts
 * const queues = new QueuesClient({ accountId, apiToken });
 * await queues.queue(queueId).send({ hello: "world" });
 * ```
 */
export class QueuesClient {
  /** The account every call goes to. */
  readonly accountId: string;
  /** The API's base URL. */
  readonly baseUrl: string;
  /**
   * The spec's operations with wire names (`queuesPushMessage`, …), bound to this client's base URL,
   * credentials and transport: one request each, resolving to openapi-fetch's `{ data, error, response }`.
   */
  readonly raw: RawOperations;
  // A private field: util.inspect and JSON.stringify never see it, nor the credentials it holds.
  readonly #executor: Executor;

  /** Throws a `QueuesValidationError` naming the option when an option is missing, unknown or invalid. */
  constructor(options: QueuesClientOptions) {
    const settings = resolveClientOptions(options);
    this.accountId = settings.accountId;
    this.baseUrl = settings.baseUrl;
    this.#executor = new Executor(settings);
    this.raw = createRaw(this.#executor);
  }

  /** The queue with this id (not its name). Cheap: no request is made. */
  queue(queueId: string): Queue {
    if (typeof queueId !== "string" || queueId === "")
      refuse({ field: "queueId", value: queueId, limit: "a non-empty string (the queue's id)" });
    return new Queue(queueId, this.#executor);
  }
}
