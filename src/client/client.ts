import { createTransport, type RawOperations, type Transport } from "../internal/openapi.js";
import { createRedactor } from "../internal/redact.js";
import { authHeaders } from "./auth.js";
import { checkReliability, createCaller, type Caller } from "./call.js";
import type { QueuesClientOptions } from "./options.js";
import { Queue } from "./queue.js";

/** Cloudflare's API v4 base URL. */
export const DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4";

/**
 * A client for the Cloudflare Queues HTTP API of one account.
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
   * The generated operations with wire names (`queuesPushMessage`, …), bound to this client's base
   * URL, credentials and transport. They resolve to openapi-fetch's `{ data, error, response }`.
   */
  readonly raw: RawOperations;
  // Private fields: util.inspect and JSON.stringify never see them (nor the credentials they close over).
  readonly #call: Caller;
  readonly #transport: Transport;

  constructor(options: QueuesClientOptions) {
    if (!options?.accountId || typeof options.accountId !== "string") {
      throw new TypeError("cfq: accountId is required (a non-empty string)");
    }
    const auth = authHeaders(options);
    checkReliability(options);
    this.accountId = options.accountId;
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    this.#transport = createTransport({
      baseUrl: this.baseUrl,
      fetch: options.fetch,
      headers: { ...options.headers, ...auth },
    });
    this.raw = this.#transport.raw;
    this.#call = createCaller(this.#transport, createRedactor(Object.values(auth)), options);
  }

  /** The queue with this id (not its name). Cheap: no request is made. */
  queue(queueId: string): Queue {
    if (!queueId || typeof queueId !== "string")
      throw new TypeError("cfq: queue id must be a non-empty string");
    const params = { account_id: this.accountId, queue_id: queueId };
    return new Queue(queueId, this.#call, (name) => this.#transport.url(name, params));
  }
}
