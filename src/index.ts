/**
 * cfq: a typed client for the Cloudflare Queues HTTP API. The local emulator lives in `cfq/emulator`.
 * @packageDocumentation
 */
export { QueuesClient, DEFAULT_BASE_URL } from "./client/client.js";
export { Queue } from "./client/queue.js";
export {
  AbortError,
  CloudflareApiError,
  InvalidResponseError,
  NetworkError,
  QueuesError,
  QueuesValidationError,
  TimeoutError,
} from "./core/errors.js";
export { LIMITS } from "./core/limits.js";
export type {
  CloudflareApiErrorInit,
  CloudflareErrorItem,
  InvalidResponseErrorInit,
  InvalidResponseReason,
  NetworkErrorInit,
  PartialResult,
  QueuesErrorInit,
  TimeoutErrorInit,
  ValidationProblem,
} from "./core/errors.js";
export type {
  BackoffOptions,
  ExtendOptions,
  JsonSendOptions,
  PeekOptions,
  KeyAuth,
  OperationShortName,
  PullOptions,
  QueuesClientOptions,
  RateLimitOptions,
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
  ExtendResult,
  JsonObject,
  LeaseRef,
  Message,
  MessageRef,
  MessageSendRequest,
  PeekedMessage,
  PeekResult,
  PullResult,
  PurgeResult,
  QueueMetrics,
  SendResult,
} from "./client/types.js";
export type { RawInit, RawOperations, RawResult } from "./internal/openapi.js";
