/**
 * Generated from openapi/openapi.yaml by scripts/generate.mjs. Do not edit: change the spec and run `npm run generate`.
 */

/** A JSON Schema (2020-12 subset) as the spec writes it. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** Each operation's route and request body schema, by operationId. */
export const requestSchemas: {
  readonly [operationId: string]: {
    readonly method: string;
    readonly path: string;
    readonly pathParams: { readonly [name: string]: JsonSchema };
    readonly bodyRequired: boolean;
    readonly schema: JsonSchema | null;
  };
} = {
  "queues-push-message": {
    method: "POST",
    path: "/accounts/{account_id}/queues/{queue_id}/messages",
    pathParams: {
      account_id: { type: "string", minLength: 1, maxLength: 32, pattern: "^[A-Za-z0-9_-]+$" },
      queue_id: { type: "string", minLength: 1, maxLength: 32, pattern: "^[A-Za-z0-9_-]+$" },
    },
    bodyRequired: true,
    schema: {
      oneOf: [
        {
          type: "object",
          required: ["body", "content_type"],
          properties: {
            body: { type: "string" },
            content_type: { type: "string", const: "text" },
            delay_seconds: { type: "integer", minimum: 0, maximum: 86400 },
          },
        },
        {
          type: "object",
          required: ["body"],
          properties: {
            body: { type: "object", additionalProperties: true },
            content_type: { type: "string", const: "json", default: "json" },
            delay_seconds: { type: "integer", minimum: 0, maximum: 86400 },
          },
        },
      ],
    },
  },
  "queues-push-messages": {
    method: "POST",
    path: "/accounts/{account_id}/queues/{queue_id}/messages/batch",
    pathParams: {
      account_id: { type: "string", minLength: 1, maxLength: 32, pattern: "^[A-Za-z0-9_-]+$" },
      queue_id: { type: "string", minLength: 1, maxLength: 32, pattern: "^[A-Za-z0-9_-]+$" },
    },
    bodyRequired: true,
    schema: {
      type: "object",
      required: ["messages"],
      properties: {
        messages: {
          type: "array",
          minItems: 1,
          maxItems: 100,
          items: {
            oneOf: [
              {
                type: "object",
                required: ["body", "content_type"],
                properties: {
                  body: { type: "string" },
                  content_type: { type: "string", const: "text" },
                  delay_seconds: { type: "integer", minimum: 0, maximum: 86400 },
                },
              },
              {
                type: "object",
                required: ["body"],
                properties: {
                  body: { type: "object", additionalProperties: true },
                  content_type: { type: "string", const: "json", default: "json" },
                  delay_seconds: { type: "integer", minimum: 0, maximum: 86400 },
                },
              },
            ],
          },
        },
        delay_seconds: { type: "integer", minimum: 0, maximum: 86400 },
      },
    },
  },
  "queues-pull-messages": {
    method: "POST",
    path: "/accounts/{account_id}/queues/{queue_id}/messages/pull",
    pathParams: {
      account_id: { type: "string", minLength: 1, maxLength: 32, pattern: "^[A-Za-z0-9_-]+$" },
      queue_id: { type: "string", minLength: 1, maxLength: 32, pattern: "^[A-Za-z0-9_-]+$" },
    },
    bodyRequired: true,
    schema: {
      type: "object",
      properties: {
        batch_size: { type: "integer", minimum: 1, maximum: 100 },
        visibility_timeout_ms: { type: "integer", minimum: 1, maximum: 43200000 },
      },
    },
  },
  "queues-ack-messages": {
    method: "POST",
    path: "/accounts/{account_id}/queues/{queue_id}/messages/ack",
    pathParams: {
      account_id: { type: "string", minLength: 1, maxLength: 32, pattern: "^[A-Za-z0-9_-]+$" },
      queue_id: { type: "string", minLength: 1, maxLength: 32, pattern: "^[A-Za-z0-9_-]+$" },
    },
    bodyRequired: true,
    schema: {
      type: "object",
      properties: {
        acks: {
          type: "array",
          items: {
            type: "object",
            required: ["lease_id"],
            properties: { lease_id: { type: "string", minLength: 1 } },
          },
        },
        retries: {
          type: "array",
          items: {
            type: "object",
            required: ["lease_id"],
            properties: {
              lease_id: { type: "string", minLength: 1 },
              delay_seconds: { type: "integer", minimum: 0, maximum: 86400 },
            },
          },
        },
      },
    },
  },
  "queues-peek-messages": {
    method: "POST",
    path: "/accounts/{account_id}/queues/{queue_id}/messages/peek",
    pathParams: {
      account_id: { type: "string", minLength: 1, maxLength: 32, pattern: "^[A-Za-z0-9_-]+$" },
      queue_id: { type: "string", minLength: 1, maxLength: 32, pattern: "^[A-Za-z0-9_-]+$" },
    },
    bodyRequired: true,
    schema: { type: "object", properties: { batch_size: { type: "integer", minimum: 1, maximum: 100 } } },
  },
  "queues-purge-messages": {
    method: "POST",
    path: "/accounts/{account_id}/queues/{queue_id}/messages/purge",
    pathParams: {
      account_id: { type: "string", minLength: 1, maxLength: 32, pattern: "^[A-Za-z0-9_-]+$" },
      queue_id: { type: "string", minLength: 1, maxLength: 32, pattern: "^[A-Za-z0-9_-]+$" },
    },
    bodyRequired: true,
    schema: {
      type: "object",
      required: ["refs"],
      properties: {
        refs: {
          type: "array",
          items: { type: "object", required: ["ref"], properties: { ref: { type: "string", minLength: 1 } } },
        },
      },
    },
  },
  "queues-extend-messages": {
    method: "POST",
    path: "/accounts/{account_id}/queues/{queue_id}/messages/extend",
    pathParams: {
      account_id: { type: "string", minLength: 1, maxLength: 32, pattern: "^[A-Za-z0-9_-]+$" },
      queue_id: { type: "string", minLength: 1, maxLength: 32, pattern: "^[A-Za-z0-9_-]+$" },
    },
    bodyRequired: true,
    schema: {
      type: "object",
      required: ["extend"],
      properties: {
        extend: {
          type: "array",
          items: {
            type: "object",
            required: ["lease_id"],
            properties: { lease_id: { type: "string", minLength: 1 } },
          },
        },
        visibility_timeout_ms: { type: "integer", minimum: 1, maximum: 43200000 },
      },
    },
  },
};
