/**
 * The Standard Schema v1 interface (https://standardschema.dev), which zod, valibot, arktype and
 * others implement: a validator is any object with a `~standard.validate`. The spec asks libraries
 * to copy these types rather than depend on a package for them; these follow it, trimmed to what
 * cfq reads.
 */

/** A validator that implements Standard Schema v1. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (
      value: unknown,
    ) => StandardSchemaResult<Output> | Promise<StandardSchemaResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** What `validate` returns: the (possibly transformed) value, or the issues. */
export type StandardSchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: readonly StandardSchemaIssue[] };

/** One problem a validator found. */
export interface StandardSchemaIssue {
  readonly message: string;
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined;
}

/** The output type of a validator. */
export type InferOutput<Schema extends StandardSchemaV1> = NonNullable<
  Schema["~standard"]["types"]
>["output"];

/** A short rendering of issues for an error message: `at order.id: Expected number`. */
export function describeIssues(issues: readonly StandardSchemaIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = (issue.path ?? [])
        .map((part) => String(typeof part === "object" ? part.key : part))
        .join(".");
      return path ? `at ${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}
