/**
 * The producer's batches over the HTTP API: each is posted as the `{"messages":[…]}` of messages
 * serialised when they were given, through the queue's client executor, so it gets the client's
 * retries (under `retryPushes`), timeouts and rate limiter like any `sendBatch`.
 */
import type { RetryInfo } from "../client/options.js";
import { batchBody } from "../client/operations/message-body.js";
import { sendBatch } from "../client/operations/push.js";
import { queueInternals, type Queue } from "../client/queue.js";
import type { CallSettings } from "../client/settings.js";
import type { BatchSender } from "./producer.js";

export function httpSender(queue: Queue, call: CallSettings): BatchSender {
  const { executor, url } = queueInternals(queue);
  const { operation, decode } = sendBatch;
  const target = url(operation);
  return async (messages, countRequest) => {
    countRequest();
    const onRetry = (info: RetryInfo) => {
      countRequest();
      call.onRetry?.(info);
    };
    return decode(await executor.execute(operation, target, batchBody(messages), { ...call, onRetry }));
  };
}
