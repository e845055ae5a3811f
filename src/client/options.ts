/** The options users pass to cfq. Their JSDoc is what an editor shows: keep it exact. */

/** Options that every call accepts, next to its own options. */
export interface RequestOptions {
  /** Aborts the call: it rejects at once with an error whose `name` is `AbortError`. */
  signal?: AbortSignal;
}

/** How to reach Cloudflare, and as whom. Exactly one credential scheme must be given. */
export type QueuesClientOptions = TokenAuth | KeyAuth;

interface CommonClientOptions {
  /** The Cloudflare account id (32 hex characters). */
  accountId: string;
  /**
   * The API's base URL, without a trailing slash.
   * @default "https://api.cloudflare.com/client/v4"
   * @example "http://127.0.0.1:8787/client/v4" // a local `cfq serve`
   */
  baseUrl?: string;
  /**
   * The transport: any WHATWG-compatible `fetch`. Pass `emulator.fetch` from `cfq/emulator` to reach
   * an in-process emulator with no socket, or a recording wrapper in tests.
   * @default globalThis.fetch (looked up at each call)
   */
  fetch?: typeof fetch;
  /** Extra headers sent with every request (e.g. a `User-Agent`). Credentials go in their own options. */
  headers?: Record<string, string>;
}

/** Authenticate with an API token (preferred): `Authorization: Bearer <token>`. */
export interface TokenAuth extends CommonClientOptions {
  /** An API token with the Queues Write (dashboard: Queues Edit) permission. Never logged. */
  apiToken: string;
  apiEmail?: never;
  apiKey?: never;
}

/** Authenticate with the legacy Global API Key: `X-Auth-Email` + `X-Auth-Key`, always together. */
export interface KeyAuth extends CommonClientOptions {
  apiToken?: never;
  /** The account's email address. Never logged. */
  apiEmail: string;
  /** The Global API Key. Never logged. */
  apiKey: string;
}

/** Options of {@link Queue.send} for a JSON message (the default content type). */
export interface JsonSendOptions extends RequestOptions {
  /** `json` (the default): the body is a JSON object. */
  contentType?: "json";
  /** Seconds (0 to 86400) before the message can be delivered. */
  delaySeconds?: number;
}

/** Options of {@link Queue.send} for a text message. */
export interface TextSendOptions extends RequestOptions {
  /** `text`: the body is a string. Required for string bodies. */
  contentType: "text";
  /** Seconds (0 to 86400) before the message can be delivered. */
  delaySeconds?: number;
}

/** Options of {@link Queue.sendBatch}. */
export interface SendBatchOptions extends RequestOptions {
  /** Seconds (0 to 86400) before the batch's messages can be delivered; a message's own `delaySeconds` wins. */
  delaySeconds?: number;
}

/** Options of {@link Queue.pull}. */
export interface PullOptions extends RequestOptions {
  /** The most messages to lease, 1 to 100. Defaults to the consumer's setting (5). */
  batchSize?: number;
  /**
   * How long the lease lasts, 1 to 43,200,000 ms. Until it ends, no other pull sees the messages;
   * after it, unsettled messages are delivered again. Defaults to the consumer's setting (30 s).
   */
  visibilityTimeoutMs?: number;
}
