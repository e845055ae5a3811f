/**
 * The producer over a Workers Queue binding: the same `Producer` as `q.producer()` (the same
 * checks, packing by count and bytes, per-message results and stats), whose batches go to the
 * binding's `sendBatch` instead of the HTTP API. The binding has the API's limits, so what packs
 * for one packs for the other.
 */
import type { QueueMetrics, SendResult } from "../client/types.js";
import { checkObject, refuse } from "../core/check.js";
import type { ProducerOptions } from "../producer/options.js";
import { Producer, type BatchSender } from "../producer/producer.js";
import { PRODUCER_OPTIONS, resolveProducerSettings } from "../producer/settings.js";
import type { WorkerQueueBinding, WorkerQueueMetrics } from "./types.js";

/** The options of {@link bindingProducer}: those of `q.producer()` that do not concern HTTP requests. */
export type BindingProducerOptions = Pick<ProducerOptions, (typeof PRODUCER_OPTIONS)[number]>;

/**
 * A producer over a Workers Queue binding (`env.MY_QUEUE`), with the interface of `q.producer()`:
 * `send`, `sendBatch`, `sendMany` (a result per message), `flush`, `close` and `stats`. Messages are
 * checked as over HTTP (a JSON object, or a string with `contentType: "text"`), so that the same
 * producer code runs in a Worker and in Node; for bytes or structured-clone bodies, use the binding
 * itself. Each batch is one `binding.sendBatch` call, counted as one request.
 */
export function bindingProducer(binding: WorkerQueueBinding, options?: BindingProducerOptions): Producer {
  if (typeof (binding as Partial<WorkerQueueBinding> | undefined)?.sendBatch !== "function")
    refuse({ field: "binding", value: binding, limit: "a Workers Queue binding (env.MY_QUEUE)" });
  const given: unknown = options; // checked as a plain JavaScript caller's
  checkObject("", given, PRODUCER_OPTIONS, {
    what: "bindingProducer",
    name: "options",
    shape: "of options",
    optional: true,
  });
  return new Producer(bindingSender(binding), resolveProducerSettings(given));
}

/** Hands each batch to `binding.sendBatch`, every message with its content type (so no binding default applies). */
function bindingSender(binding: WorkerQueueBinding): BatchSender {
  return async (messages, countRequest) => {
    countRequest();
    const answer = await binding.sendBatch(
      messages.map(({ body, contentType, delaySeconds }) =>
        delaySeconds === undefined ? { body, contentType } : { body, contentType, delaySeconds },
      ),
    );
    return { metrics: metricsOf(answer) } satisfies SendResult;
  };
}

function metricsOf(answer: { metadata?: { metrics?: WorkerQueueMetrics } } | void): QueueMetrics | undefined {
  const metrics = answer?.metadata?.metrics;
  if (!metrics) return undefined;
  const { backlogCount, backlogBytes, oldestMessageTimestamp } = metrics;
  return { backlogCount, backlogBytes, oldestMessageTimestamp: oldestMessageTimestamp ?? null };
}
