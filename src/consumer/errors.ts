/** Errors of the consumer's own making, beside the client's. */
import { QueuesError } from "../core/errors.js";
import type { StandardSchemaIssue } from "../core/standard-schema.js";

/** Reported to `onError` for a message whose body cannot be decoded or fails the consumer's `schema`. */
export class InvalidMessageError extends QueuesError {
  override name = "InvalidMessageError";
  /** The message's id. */
  readonly messageId: string;
  /** The schema's issues (none when the body could not be decoded at all). */
  readonly issues: readonly StandardSchemaIssue[];

  constructor({
    messageId,
    detail,
    issues = [],
  }: {
    messageId: string;
    detail: string;
    issues?: readonly StandardSchemaIssue[];
  }) {
    super(`message ${messageId} is invalid: ${detail}`, { operation: "consume" });
    this.messageId = messageId;
    this.issues = issues;
  }
}
