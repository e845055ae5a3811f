/**
 * Generated from openapi/openapi.yaml by scripts/generate.mjs. Do not edit: change the spec and run `npm run generate`.
 */

/**
 * Every operation of the spec, by camelCase name: operationId, short name (`x-cfq-short-name`),
 * HTTP method, path template, whether it has a request body, and retry class (`x-cfq-retry`:
 * `idempotent` operations may always be retried; a retried `push` may enqueue a duplicate).
 */
export const operations = {
  queuesPushMessage: {
    name: "queuesPushMessage",
    operationId: "queues-push-message",
    shortName: "push",
    method: "POST",
    path: "/accounts/{account_id}/queues/{queue_id}/messages",
    hasBody: true,
    retry: "push",
  },
  queuesPushMessages: {
    name: "queuesPushMessages",
    operationId: "queues-push-messages",
    shortName: "batch",
    method: "POST",
    path: "/accounts/{account_id}/queues/{queue_id}/messages/batch",
    hasBody: true,
    retry: "push",
  },
  queuesPullMessages: {
    name: "queuesPullMessages",
    operationId: "queues-pull-messages",
    shortName: "pull",
    method: "POST",
    path: "/accounts/{account_id}/queues/{queue_id}/messages/pull",
    hasBody: true,
    retry: "idempotent",
  },
  queuesAckMessages: {
    name: "queuesAckMessages",
    operationId: "queues-ack-messages",
    shortName: "ack",
    method: "POST",
    path: "/accounts/{account_id}/queues/{queue_id}/messages/ack",
    hasBody: true,
    retry: "idempotent",
  },
  queuesPeekMessages: {
    name: "queuesPeekMessages",
    operationId: "queues-peek-messages",
    shortName: "peek",
    method: "POST",
    path: "/accounts/{account_id}/queues/{queue_id}/messages/peek",
    hasBody: true,
    retry: "idempotent",
  },
  queuesPurgeMessages: {
    name: "queuesPurgeMessages",
    operationId: "queues-purge-messages",
    shortName: "purge",
    method: "POST",
    path: "/accounts/{account_id}/queues/{queue_id}/messages/purge",
    hasBody: true,
    retry: "idempotent",
  },
  queuesExtendMessages: {
    name: "queuesExtendMessages",
    operationId: "queues-extend-messages",
    shortName: "extend",
    method: "POST",
    path: "/accounts/{account_id}/queues/{queue_id}/messages/extend",
    hasBody: true,
    retry: "idempotent",
  },
} as const;

/** An operation's camelCase name, e.g. `queuesPullMessages`. */
export type OperationName = keyof typeof operations;

/** One row of the table. */
export type Operation = (typeof operations)[OperationName];

/** An operation's short name, e.g. `pull`. */
export type ShortName = Operation["shortName"];

/** Every short name, in the table's order: what fault rules, the rate limit and the CLI name operations by. */
export const shortNames: readonly ShortName[] = ["push", "batch", "pull", "ack", "peek", "purge", "extend"];
