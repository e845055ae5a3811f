/**
 * Generated from openapi/openapi.yaml by scripts/generate.mjs. Do not edit: change the spec and run `npm run generate`.
 */

import type { Client, MaybeOptionalInit } from "openapi-fetch";
import type { paths } from "./schema.js";

/** An openapi-fetch client for the spec's paths. */
export type ApiClient = Client<paths>;

/**
 * Push one message
 *
 * `POST /accounts/{account_id}/queues/{queue_id}/messages` (`queues-push-message`)
 */
export function queuesPushMessage(
  client: ApiClient,
  init: MaybeOptionalInit<paths["/accounts/{account_id}/queues/{queue_id}/messages"], "post">,
) {
  return client.POST("/accounts/{account_id}/queues/{queue_id}/messages", init);
}

/**
 * Push a batch of messages
 *
 * `POST /accounts/{account_id}/queues/{queue_id}/messages/batch` (`queues-push-messages`)
 */
export function queuesPushMessages(
  client: ApiClient,
  init: MaybeOptionalInit<paths["/accounts/{account_id}/queues/{queue_id}/messages/batch"], "post">,
) {
  return client.POST("/accounts/{account_id}/queues/{queue_id}/messages/batch", init);
}

/**
 * Pull a batch of messages under a lease
 *
 * `POST /accounts/{account_id}/queues/{queue_id}/messages/pull` (`queues-pull-messages`)
 */
export function queuesPullMessages(
  client: ApiClient,
  init: MaybeOptionalInit<paths["/accounts/{account_id}/queues/{queue_id}/messages/pull"], "post">,
) {
  return client.POST("/accounts/{account_id}/queues/{queue_id}/messages/pull", init);
}

/**
 * Acknowledge and retry messages
 *
 * `POST /accounts/{account_id}/queues/{queue_id}/messages/ack` (`queues-ack-messages`)
 */
export function queuesAckMessages(
  client: ApiClient,
  init: MaybeOptionalInit<paths["/accounts/{account_id}/queues/{queue_id}/messages/ack"], "post">,
) {
  return client.POST("/accounts/{account_id}/queues/{queue_id}/messages/ack", init);
}

/**
 * Peek at available messages without leasing them
 *
 * `POST /accounts/{account_id}/queues/{queue_id}/messages/peek` (`queues-peek-messages`)
 */
export function queuesPeekMessages(
  client: ApiClient,
  init: MaybeOptionalInit<paths["/accounts/{account_id}/queues/{queue_id}/messages/peek"], "post">,
) {
  return client.POST("/accounts/{account_id}/queues/{queue_id}/messages/peek", init);
}

/**
 * Delete peeked messages by their refs
 *
 * `POST /accounts/{account_id}/queues/{queue_id}/messages/purge` (`queues-purge-messages`)
 */
export function queuesPurgeMessages(
  client: ApiClient,
  init: MaybeOptionalInit<paths["/accounts/{account_id}/queues/{queue_id}/messages/purge"], "post">,
) {
  return client.POST("/accounts/{account_id}/queues/{queue_id}/messages/purge", init);
}

/**
 * Extend the leases of pulled messages (preview)
 *
 * `POST /accounts/{account_id}/queues/{queue_id}/messages/extend` (`queues-extend-messages`)
 */
export function queuesExtendMessages(
  client: ApiClient,
  init: MaybeOptionalInit<paths["/accounts/{account_id}/queues/{queue_id}/messages/extend"], "post">,
) {
  return client.POST("/accounts/{account_id}/queues/{queue_id}/messages/extend", init);
}
