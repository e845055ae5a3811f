/** `peek`: reads up to `batchSize` available messages in delivery order, without leasing or changing them. */
import { checkInteger } from "../../core/check.js";
import { LIMITS } from "../../core/limits.js";
import { operations, type Schemas } from "../../internal/openapi.js";
import { toPeekedMessage } from "../message.js";
import type { PeekResult } from "../types.js";
import type { Codec } from "./codec.js";

export const peek: Codec<{ batchSize?: unknown }, PeekResult> = {
  operation: operations.queuesPeekMessages,
  method: "peek",
  options: ["batchSize"],
  encode({ batchSize }) {
    checkInteger("batchSize", batchSize, { min: 1, max: LIMITS.maxBatchSize });
    return JSON.stringify({ batch_size: batchSize });
  },
  decode(result) {
    const wire = result as Partial<Schemas["PeekResult"]> | null | undefined;
    return { messages: (wire?.messages ?? []).map(toPeekedMessage) };
  },
};
