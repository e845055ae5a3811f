/**
 * Generated from openapi/openapi.yaml by scripts/generate.mjs. Do not edit: change the spec and run `npm run generate`.
 */
export interface paths {
  "/accounts/{account_id}/queues/{queue_id}/messages": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /**
         * @description The account id (32 lowercase hex characters on Cloudflare).
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        account_id: components["parameters"]["AccountId"];
        /**
         * @description The queue's id (not its name). The local emulator also accepts names such as `orders`.
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        queue_id: components["parameters"]["QueueId"];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Push one message
     * @description Pushes one message to the queue. A `text` message carries a string body; a `json` message
     *     (the default when `content_type` is left out) carries a JSON object. The message is not
     *     deliverable until `delay_seconds` have passed.
     */
    post: operations["queues-push-message"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/accounts/{account_id}/queues/{queue_id}/messages/batch": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /**
         * @description The account id (32 lowercase hex characters on Cloudflare).
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        account_id: components["parameters"]["AccountId"];
        /**
         * @description The queue's id (not its name). The local emulator also accepts names such as `orders`.
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        queue_id: components["parameters"]["QueueId"];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Push a batch of messages
     * @description Pushes 1 to 100 messages (at most 256 KB in total) at once. The batch is accepted or refused
     *     as a whole. A message's own `delay_seconds` overrides the batch-level `delay_seconds`.
     */
    post: operations["queues-push-messages"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/accounts/{account_id}/queues/{queue_id}/messages/pull": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /**
         * @description The account id (32 lowercase hex characters on Cloudflare).
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        account_id: components["parameters"]["AccountId"];
        /**
         * @description The queue's id (not its name). The local emulator also accepts names such as `orders`.
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        queue_id: components["parameters"]["QueueId"];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Pull a batch of messages under a lease
     * @description Leases up to `batch_size` visible messages for `visibility_timeout_ms`. No other pull sees a
     *     leased message until its lease ends. Pull is a short poll: it answers at once, with an empty
     *     `messages` array when nothing is visible. Bodies come back as the queue stores them: `text`
     *     as the original string, `json` and `bytes` as base64; decode by `metadata["CF-Content-Type"]`.
     *     `{}` is a valid request: the consumer's defaults apply (5 messages, 30 s).
     */
    post: operations["queues-pull-messages"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/accounts/{account_id}/queues/{queue_id}/messages/ack": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /**
         * @description The account id (32 lowercase hex characters on Cloudflare).
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        account_id: components["parameters"]["AccountId"];
        /**
         * @description The queue's id (not its name). The local emulator also accepts names such as `orders`.
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        queue_id: components["parameters"]["QueueId"];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Acknowledge and retry messages
     * @description Settles leased messages by lease id: an ack deletes the message; a retry makes it visible
     *     again now or after `delay_seconds`. A late ack (after the lease expired) is still accepted
     *     while the message exists. An unknown lease id does not fail the call: it is reported in
     *     `warnings`, keyed by the lease id.
     */
    post: operations["queues-ack-messages"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/accounts/{account_id}/queues/{queue_id}/messages/peek": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /**
         * @description The account id (32 lowercase hex characters on Cloudflare).
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        account_id: components["parameters"]["AccountId"];
        /**
         * @description The queue's id (not its name). The local emulator also accepts names such as `orders`.
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        queue_id: components["parameters"]["QueueId"];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Peek at available messages without leasing them
     * @description Returns up to `batch_size` messages that are available now, in delivery order, without
     *     leasing them or changing them in any way: their attempts, visibility and order stay as they
     *     were. Each carries a `ref`, an opaque reference that purges it (`/messages/purge`), stable
     *     while the message exists. Bodies are encoded as on pull.
     */
    post: operations["queues-peek-messages"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/accounts/{account_id}/queues/{queue_id}/messages/purge": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /**
         * @description The account id (32 lowercase hex characters on Cloudflare).
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        account_id: components["parameters"]["AccountId"];
        /**
         * @description The queue's id (not its name). The local emulator also accepts names such as `orders`.
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        queue_id: components["parameters"]["QueueId"];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Delete peeked messages by their refs
     * @description Deletes the messages with these refs (from `/messages/peek`) at once, whatever their state:
     *     available, delayed or leased (a later ack of a purged message's lease reports a warning).
     *     Purged messages are not delivered and leave the backlog at once. A ref that matches no
     *     message does not fail the call: it comes back in `warnings`, keyed by the ref.
     */
    post: operations["queues-purge-messages"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/accounts/{account_id}/queues/{queue_id}/messages/extend": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /**
         * @description The account id (32 lowercase hex characters on Cloudflare).
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        account_id: components["parameters"]["AccountId"];
        /**
         * @description The queue's id (not its name). The local emulator also accepts names such as `orders`.
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        queue_id: components["parameters"]["QueueId"];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Extend the leases of pulled messages (preview)
     * @description For each lease that is still current (the message is leased under it and the lease has
     *     not ended), the lease now ends `visibility_timeout_ms` from now (or after the consumer's
     *     visibility timeout when it is left out). `attempts` does not change, and the lease id
     *     stays valid for ack and retry. Leases that ended, were superseded or are unknown come back
     *     in `warnings`, keyed by lease id. Cloudflare does not document this operation publicly
     *     yet: it is in Cloudflare's API schema as `queues-extend-messages`.
     */
    post: operations["queues-extend-messages"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** @description An account or queue identifier. */
    Identifier: string;
    /** @description Seconds before the message becomes deliverable (0 to 24 hours). */
    DelaySeconds: number;
    /** @description A message whose body is a UTF-8 string of at most 128 KB. */
    TextMessage: {
      /** @description The message body. */
      body: string;
      /** @constant */
      content_type: "text";
      delay_seconds?: components["schemas"]["DelaySeconds"];
    };
    /** @description A message whose body is a JSON object of at most 128 KB once serialised. `json` is the default content type. */
    JsonMessage: {
      /** @description The message body, a JSON object. */
      body: {
        [key: string]: unknown;
      };
      /**
       * @default json
       * @constant
       */
      content_type?: "json";
      delay_seconds?: components["schemas"]["DelaySeconds"];
    };
    /** @description A message to push, by content type. Exactly one variant matches any valid message. */
    Message: components["schemas"]["TextMessage"] | components["schemas"]["JsonMessage"];
    PushMessagesRequest: {
      /** @description 1 to 100 messages, at most 256 KB in total. */
      messages: components["schemas"]["Message"][];
      delay_seconds?: components["schemas"]["DelaySeconds"];
    };
    PullRequest: {
      /** @description The most messages to lease (default 5, or the consumer's setting). */
      batch_size?: number;
      /** @description How long the lease lasts, in milliseconds (default 30000, or the consumer's setting). */
      visibility_timeout_ms?: number;
    };
    /** @description The opaque token of one delivery, from a pull. Never parse it. */
    LeaseId: string;
    AckRequest: {
      /** @description Leases whose messages are done and deleted. */
      acks?: {
        lease_id: components["schemas"]["LeaseId"];
      }[];
      /** @description Leases whose messages should be delivered again, now or after a delay. */
      retries?: {
        lease_id: components["schemas"]["LeaseId"];
        delay_seconds?: components["schemas"]["DelaySeconds"];
      }[];
    };
    /** @description Best-effort queue metrics (exact in the cfq emulator). */
    Metrics: {
      /** @description Unacknowledged messages in the queue, leased ones included. */
      backlog_count: number;
      /** @description Bytes of the unacknowledged messages. */
      backlog_bytes: number;
      /** @description Publish time of the oldest unacknowledged message, in ms since the epoch; 0 when unknown or empty. */
      oldest_message_timestamp_ms: number;
    };
    QueueMetadata: {
      metrics?: components["schemas"]["Metrics"];
    };
    PushResult: {
      metadata?: components["schemas"]["QueueMetadata"];
    };
    /** @description String metadata of a pulled message. Unknown keys may appear. */
    MessageMetadata: {
      /**
       * @description How to decode `body`. `text` is plain; `json` and `bytes` are base64; `v8` only decodes inside Workers.
       * @enum {string}
       */
      "CF-Content-Type"?: "text" | "json" | "bytes" | "v8";
      /** @description Where the message came from (`api` for HTTP pushes, `worker`, `dash`, …). */
      "CF-sourceMessageSource"?: string;
      /** @description The delay the message was pushed with, in seconds. */
      "CF-msg-delay-secs"?: string;
    } & {
      [key: string]: string;
    };
    PulledMessage: {
      /** @description The message id. */
      id: string;
      /** @description The body as stored. `text` as is; `json` and `bytes` as base64. */
      body: string;
      /** @description The delivery count, 1 on the first delivery. */
      attempts: number;
      lease_id: components["schemas"]["LeaseId"];
      metadata: components["schemas"]["MessageMetadata"];
      /** @description Publish time, in milliseconds since the epoch. */
      timestamp_ms: number;
    };
    PullResult: {
      /** @description Unacknowledged messages in the queue, leased ones included. */
      message_backlog_count?: number;
      messages?: components["schemas"]["PulledMessage"][];
      metadata?: components["schemas"]["QueueMetadata"];
    };
    AckResult: {
      /** @description Messages acknowledged (camelCase on the wire). */
      ackCount?: number;
      /** @description Messages marked for retry (camelCase on the wire). */
      retryCount?: number;
      /** @description A free-text warning per lease id that could not be settled. */
      warnings?: {
        [key: string]: string;
      };
    };
    PeekRequest: {
      /** @description The most messages to return (default 5, or the consumer's setting). */
      batch_size?: number;
    };
    PeekedMessage: {
      /** @description The message id. */
      id: string;
      /** @description The body as stored. `text` as is; `json` and `bytes` as base64. */
      body: string;
      /** @description Deliveries so far (0 for a message never pulled). */
      attempts: number;
      metadata: components["schemas"]["MessageMetadata"];
      /** @description Publish time, in milliseconds since the epoch. */
      timestamp_ms: number;
      ref: components["schemas"]["MessageRef"];
    };
    /** @description An opaque reference to a peeked message, stable while the message exists. Never parse it. */
    MessageRef: string;
    PeekResult: {
      messages?: components["schemas"]["PeekedMessage"][];
    };
    PurgeRequest: {
      /** @description The messages to delete, by the refs that peek gave them. */
      refs: {
        ref: components["schemas"]["MessageRef"];
      }[];
    };
    PurgeResult: {
      /** @description Problems that stopped part of the purge (free text). */
      errors?: {
        message?: string;
      }[];
      /** @description A free-text warning per ref that matched no message. */
      warnings?: {
        [key: string]: string;
      };
    };
    ExtendRequest: {
      /** @description The leases to extend. */
      extend: {
        lease_id: components["schemas"]["LeaseId"];
      }[];
      /** @description How long from now each lease lasts, in milliseconds (default the consumer's visibility timeout). */
      visibility_timeout_ms?: number;
    };
    ExtendResult: {
      /** @description Leases extended (camelCase on the wire). */
      extendCount?: number;
      /** @description A free-text warning per lease id that was not extended. */
      warnings?: {
        [key: string]: string;
      };
    };
    ResponseInfo: {
      /** @description The Cloudflare error code (may be below 1000). */
      code: number;
      message: string;
      documentation_url?: string;
      source?: {
        pointer?: string;
      };
      error_chain?: {
        code: number;
        message: string;
      }[];
    };
    PushResponse: {
      /** @constant */
      success: true;
      errors: components["schemas"]["ResponseInfo"][];
      messages: string[];
      result?: components["schemas"]["PushResult"];
    };
    PullResponse: {
      /** @constant */
      success: true;
      errors: components["schemas"]["ResponseInfo"][];
      messages: string[];
      result?: components["schemas"]["PullResult"];
    };
    AckResponse: {
      /** @constant */
      success: true;
      errors: components["schemas"]["ResponseInfo"][];
      messages: string[];
      result?: components["schemas"]["AckResult"];
    };
    PeekResponse: {
      /** @constant */
      success: true;
      errors: components["schemas"]["ResponseInfo"][];
      messages: string[];
      result?: components["schemas"]["PeekResult"];
    };
    PurgeResponse: {
      /** @constant */
      success: true;
      errors: components["schemas"]["ResponseInfo"][];
      messages: string[];
      result?: components["schemas"]["PurgeResult"];
    };
    ExtendResponse: {
      /** @constant */
      success: true;
      errors: components["schemas"]["ResponseInfo"][];
      messages: string[];
      result?: components["schemas"]["ExtendResult"];
    };
    /** @description The v4 envelope of a failed call. */
    Failure: {
      /** @constant */
      success: false;
      errors: components["schemas"]["ResponseInfo"][];
      messages: string[];
      result: null;
    };
  };
  responses: {
    /** @description The request is invalid (schema, limits, malformed JSON or missing credentials). */
    BadRequest: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["Failure"];
      };
    };
    /** @description The credentials were not accepted. */
    Unauthorized: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["Failure"];
      };
    };
    /** @description The token is invalid or lacks the Queues permission. */
    Forbidden: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["Failure"];
      };
    };
    /** @description No such queue in this account. */
    NotFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["Failure"];
      };
    };
    /** @description The request body is over 1 MB. */
    PayloadTooLarge: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["Failure"];
      };
    };
    /** @description Rate limited or the queue is overloaded; wait `Retry-After` seconds. */
    TooManyRequests: {
      headers: {
        "Retry-After": components["headers"]["RetryAfter"];
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["Failure"];
      };
    };
    /** @description A server-side failure; retry with backoff. */
    ServerError: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["Failure"];
      };
    };
  };
  parameters: {
    /**
     * @description The account id (32 lowercase hex characters on Cloudflare).
     * @example 023e105f4ecef8ad9ca31a8372d0c353
     */
    AccountId: components["schemas"]["Identifier"];
    /**
     * @description The queue's id (not its name). The local emulator also accepts names such as `orders`.
     * @example 023e105f4ecef8ad9ca31a8372d0c353
     */
    QueueId: components["schemas"]["Identifier"];
  };
  requestBodies: never;
  headers: {
    /** @description Seconds to wait before trying again. */
    RetryAfter: number;
  };
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  "queues-push-message": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /**
         * @description The account id (32 lowercase hex characters on Cloudflare).
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        account_id: components["parameters"]["AccountId"];
        /**
         * @description The queue's id (not its name). The local emulator also accepts names such as `orders`.
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        queue_id: components["parameters"]["QueueId"];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["Message"];
      };
    };
    responses: {
      /** @description The message was accepted. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PushResponse"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      413: components["responses"]["PayloadTooLarge"];
      429: components["responses"]["TooManyRequests"];
      "5XX": components["responses"]["ServerError"];
    };
  };
  "queues-push-messages": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /**
         * @description The account id (32 lowercase hex characters on Cloudflare).
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        account_id: components["parameters"]["AccountId"];
        /**
         * @description The queue's id (not its name). The local emulator also accepts names such as `orders`.
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        queue_id: components["parameters"]["QueueId"];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["PushMessagesRequest"];
      };
    };
    responses: {
      /** @description The whole batch was accepted. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PushResponse"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      413: components["responses"]["PayloadTooLarge"];
      429: components["responses"]["TooManyRequests"];
      "5XX": components["responses"]["ServerError"];
    };
  };
  "queues-pull-messages": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /**
         * @description The account id (32 lowercase hex characters on Cloudflare).
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        account_id: components["parameters"]["AccountId"];
        /**
         * @description The queue's id (not its name). The local emulator also accepts names such as `orders`.
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        queue_id: components["parameters"]["QueueId"];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["PullRequest"];
      };
    };
    responses: {
      /** @description The leased messages (possibly none). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PullResponse"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      /** @description The queue has no HTTP pull consumer (also seen for a few seconds after one is created). */
      405: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Failure"];
        };
      };
      /** @description Delivery is paused on this queue; pushes are still accepted. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Failure"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      429: components["responses"]["TooManyRequests"];
      "5XX": components["responses"]["ServerError"];
    };
  };
  "queues-ack-messages": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /**
         * @description The account id (32 lowercase hex characters on Cloudflare).
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        account_id: components["parameters"]["AccountId"];
        /**
         * @description The queue's id (not its name). The local emulator also accepts names such as `orders`.
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        queue_id: components["parameters"]["QueueId"];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["AckRequest"];
      };
    };
    responses: {
      /** @description The counts of settled messages, and a warning per lease id that could not be settled. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["AckResponse"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      413: components["responses"]["PayloadTooLarge"];
      429: components["responses"]["TooManyRequests"];
      "5XX": components["responses"]["ServerError"];
    };
  };
  "queues-peek-messages": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /**
         * @description The account id (32 lowercase hex characters on Cloudflare).
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        account_id: components["parameters"]["AccountId"];
        /**
         * @description The queue's id (not its name). The local emulator also accepts names such as `orders`.
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        queue_id: components["parameters"]["QueueId"];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["PeekRequest"];
      };
    };
    responses: {
      /** @description The available messages (possibly none), not leased. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PeekResponse"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      413: components["responses"]["PayloadTooLarge"];
      429: components["responses"]["TooManyRequests"];
      "5XX": components["responses"]["ServerError"];
    };
  };
  "queues-purge-messages": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /**
         * @description The account id (32 lowercase hex characters on Cloudflare).
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        account_id: components["parameters"]["AccountId"];
        /**
         * @description The queue's id (not its name). The local emulator also accepts names such as `orders`.
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        queue_id: components["parameters"]["QueueId"];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["PurgeRequest"];
      };
    };
    responses: {
      /** @description The purge was applied; a warning per ref that matched no message. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PurgeResponse"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      413: components["responses"]["PayloadTooLarge"];
      429: components["responses"]["TooManyRequests"];
      "5XX": components["responses"]["ServerError"];
    };
  };
  "queues-extend-messages": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /**
         * @description The account id (32 lowercase hex characters on Cloudflare).
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        account_id: components["parameters"]["AccountId"];
        /**
         * @description The queue's id (not its name). The local emulator also accepts names such as `orders`.
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        queue_id: components["parameters"]["QueueId"];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["ExtendRequest"];
      };
    };
    responses: {
      /** @description How many leases were extended; a warning per lease that was not. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ExtendResponse"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthorized"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      413: components["responses"]["PayloadTooLarge"];
      429: components["responses"]["TooManyRequests"];
      "5XX": components["responses"]["ServerError"];
    };
  };
}
