/**
 * The fields of a request body that the spec's request schema does not declare. Cloudflare ignores
 * them and so does the emulator, but the request log names them: a field under an old or mistyped
 * name (the docs' `visibility_timeout`) would otherwise be ignored without a word. Looked for at the
 * top level and in the items of arrays such as `messages[]`, `acks[]` or `refs[]`; a message's `body` is the
 * user's own object and is never looked into.
 */
import { requestSchemaOf, type OperationName } from "./spec.js";

interface Schema {
  properties?: Record<string, Schema>;
  items?: Schema;
  oneOf?: Schema[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Where `value` (valid against `schema`) has keys the schema does not declare, as `messages[].extra`. */
function collect(schema: Schema, value: unknown, path: string, out: Set<string>): void {
  if (Array.isArray(value)) {
    if (schema.items) for (const item of value) collect(schema.items, item, `${path}[]`, out);
    return;
  }
  const variants = schema.oneOf ?? [schema];
  // Only objects whose fields the spec lists: not a message body (any object).
  if (!isRecord(value) || !variants.some((variant) => variant.properties)) return;
  for (const [key, field] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    const declared = variants.find((v) => v.properties && Object.hasOwn(v.properties, key));
    if (declared) collect(declared.properties![key]!, field, at, out);
    else out.add(at);
  }
}

/** The undeclared fields of a schema-valid body of `operation`, each named once. */
export function unknownFields(operation: OperationName, body: unknown): string[] {
  const schema: Schema | null = requestSchemaOf(operation).schema;
  const out = new Set<string>();
  if (schema) collect(schema, body, "", out);
  return [...out];
}
