/**
 * cfq/emulator: a local Cloudflare Queues for the HTTP message operations of cfq's spec (push,
 * batch, pull, ack, peek, purge, extend), in memory, reachable
 * in-process (`emulator.fetch`) or over HTTP (`emulator.listen()`, `cfq serve`).
 * @packageDocumentation
 */
import { QueueStore, type EmulatorOptions } from "./emulator.js";
import { createFaults } from "./faults.js";
import { createFetch } from "./fetch.js";
import type { EmulatorResponse } from "./envelope.js";
import { handle, type EmulatorRequest } from "./handler.js";
import type { Metrics } from "./wire.js";
import { listen, type EmulatorServer, type ListenOptions } from "./server.js";
import type { EmulatorConfig } from "./config.js";

export { DEFAULT_MAX_STORED_BYTES, EmulatorConfigError, QUEUE_DEFAULTS } from "./config.js";
export type { EmulatorConfig, FaultRule, FaultsConfig, QueueConfig } from "./config.js";
export type { EmulatorOptions } from "./emulator.js";
export type { EmulatorServer, ListenOptions } from "./server.js";
export type { EmulatorRequest } from "./handler.js";
export { LIMITS } from "../core/limits.js";
export { MAX_REQUEST_BYTES } from "./body.js";

/** A running in-memory emulator. */
export interface Emulator {
  /**
   * A fetch-compatible function that answers from the emulator, with no socket. Takes a `Request`,
   * or a URL and an init, like `fetch`: `new QueuesClient({ …, fetch: emulator.fetch })`.
   */
  fetch: typeof fetch;
  /** Serves the emulator over HTTP; the server's `url` ends in `/client/v4`. */
  listen(options?: ListenOptions): Promise<EmulatorServer>;
  /** The queue's metrics as the API reports them (`undefined` for a queue not created yet). */
  metrics(queueId: string): Metrics | undefined;
  /** The ids of the queues created so far (configured ones appear on first use). */
  queueIds(): string[];
}

/**
 * Creates an emulator. Throws an `EmulatorConfigError` naming the key when the config is invalid.
 *
 * ```ts
 * const emulator = createEmulator({ queues: { orders: { max_retries: 3 } } });
 * const queues = new QueuesClient({ accountId: "acc", apiToken: "dev", fetch: emulator.fetch });
 * ```
 * @param options.now the clock (ms since the epoch); tests pass their own to move time without sleeping
 */
export function createEmulator(config: EmulatorConfig = {}, options: EmulatorOptions = {}): Emulator {
  const store = new QueueStore(config, options);
  const faults = createFaults(store.config.faults);
  const handler = (request: EmulatorRequest): Promise<EmulatorResponse> => handle(store, request, faults);
  return {
    fetch: createFetch(handler),
    listen: (listenOptions) => listen(handler, listenOptions),
    metrics: (queueId) => store.metrics(queueId),
    queueIds: () => store.queueIds(),
  };
}
