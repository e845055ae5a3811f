/**
 * cfq: a typed client for the Cloudflare Queues HTTP API. The local emulator lives in `cfq/emulator`.
 * @packageDocumentation
 */
export { QueuesClient, DEFAULT_BASE_URL } from "./client/client.js";
export { Queue } from "./client/queue.js";
export {
  AbortError,
  CloudflareApiError,
  NetworkError,
  QueuesError,
  QueuesValidationError,
  TimeoutError,
} from "./core/errors.js";
export { LIMITS } from "./core/limits.js";
export type { CloudflareApiErrorInit, CloudflareErrorItem } from "./core/errors.js";
export type {
  JsonSendOptions,
  KeyAuth,
  PullOptions,
  QueuesClientOptions,
  ReliabilityOptions,
  RequestOptions,
  RetryInfo,
  SendBatchOptions,
  TextSendOptions,
  TokenAuth,
} from "./client/options.js";
export type {
  AckRequest,
  AckResult,
  ContentType,
  JsonObject,
  LeaseRef,
  Message,
  MessageSendRequest,
  PullResult,
  QueueMetrics,
  SendResult,
} from "./client/types.js";
export type { RawOperations } from "./internal/openapi.js";
