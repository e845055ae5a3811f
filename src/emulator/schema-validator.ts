/**
 * A small JSON Schema (2020-12) validator for the keywords the spec uses, so that the emulator
 * validates requests against the spec itself. It reports the first problem, with a path and
 * wording close to Cloudflare's (`Expected object, received string at "body"`).
 */
import type { JsonSchema } from "./spec.js";

export type JsonPath = (string | number)[];

export interface SchemaProblem {
  path: JsonPath;
  keyword: string;
  message: string;
}

interface Schema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  oneOf?: Schema[];
}

const patterns = new Map<string, RegExp>();

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

const matchesType = (actual: string, expected: string) =>
  actual === expected || (expected === "number" && actual === "integer");

/** Validates `value` against `schema`; returns the first problem, or `undefined` when it conforms. */
export function validate(schema: JsonSchema, value: unknown, path: JsonPath = []): SchemaProblem | undefined {
  const s = schema as Schema;
  const problem = (keyword: string, message: string): SchemaProblem => ({ path, keyword, message });
  const actual = typeOf(value);

  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => matchesType(actual, t))) {
      return problem("type", `Expected ${types.join(" or ")}, received ${actual}`);
    }
  }
  if ("const" in s && value !== s.const) {
    return problem("const", `Invalid literal value, expected ${JSON.stringify(s.const)}`);
  }
  if (s.enum && !s.enum.includes(value)) {
    return problem(
      "enum",
      `Invalid enum value. Expected ${s.enum.map((v) => JSON.stringify(v)).join(" | ")}`,
    );
  }
  if (typeof value === "number") {
    if (s.minimum !== undefined && value < s.minimum)
      return problem("minimum", `Number must be greater than or equal to ${s.minimum}`);
    if (s.maximum !== undefined && value > s.maximum)
      return problem("maximum", `Number must be less than or equal to ${s.maximum}`);
  }
  if (typeof value === "string") {
    if (s.minLength !== undefined && value.length < s.minLength)
      return problem("minLength", `String must contain at least ${s.minLength} character(s)`);
    if (s.maxLength !== undefined && value.length > s.maxLength)
      return problem("maxLength", `String must contain at most ${s.maxLength} character(s)`);
    if (s.pattern !== undefined) {
      let re = patterns.get(s.pattern);
      if (!re) patterns.set(s.pattern, (re = new RegExp(s.pattern, "u")));
      if (!re.test(value)) return problem("pattern", `String must match ${s.pattern}`);
    }
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems)
      return problem("minItems", `Array must contain at least ${s.minItems} element(s)`);
    if (s.maxItems !== undefined && value.length > s.maxItems)
      return problem("maxItems", `Array must contain at most ${s.maxItems} element(s)`);
    if (s.items) {
      for (let i = 0; i < value.length; i++) {
        const found = validate(s.items as JsonSchema, value[i], [...path, i]);
        if (found) return found;
      }
    }
  }
  if (actual === "object") {
    const object = value as Record<string, unknown>;
    for (const key of s.required ?? []) {
      if (object[key] === undefined)
        return { path: [...path, key], keyword: "required", message: "Required" };
    }
    for (const key of Object.keys(object)) {
      const declared = s.properties && Object.hasOwn(s.properties, key) ? s.properties[key] : undefined;
      const sub =
        declared ?? (typeof s.additionalProperties === "object" ? s.additionalProperties : undefined);
      if (sub) {
        const found = validate(sub as JsonSchema, object[key], [...path, key]);
        if (found) return found;
      } else if (s.additionalProperties === false) {
        return { path: [...path, key], keyword: "additionalProperties", message: "Unrecognized key" };
      }
    }
  }
  if (s.oneOf) return validateOneOf(s.oneOf, value, path);
  return undefined;
}

/**
 * `oneOf` over object variants told apart by a `const` property (the message union's
 * `content_type`): pick the variant the value names, or, when it names none, the variants where
 * that property is optional. The problem reported is the chosen variant's, which is what a reader
 * needs ("Expected object … at body"), not a list of every variant's complaint.
 */
function validateOneOf(variants: Schema[], value: unknown, path: JsonPath): SchemaProblem | undefined {
  const tag = discriminator(variants);
  let candidates = variants;
  if (tag && value !== null && typeof value === "object" && !Array.isArray(value)) {
    const given = (value as Record<string, unknown>)[tag];
    candidates =
      given === undefined
        ? variants.filter((v) => !v.required?.includes(tag))
        : variants.filter((v) => v.properties?.[tag]?.const === given);
    if (candidates.length === 0) {
      const allowed = variants.map((v) => JSON.stringify(v.properties?.[tag]?.const)).join(" | ");
      return { path: [...path, tag], keyword: "enum", message: `Invalid enum value. Expected ${allowed}` };
    }
  }
  let first: SchemaProblem | undefined;
  let matches = 0;
  for (const variant of candidates) {
    const found = validate(variant as JsonSchema, value, path);
    if (!found) matches++;
    else first ??= found;
  }
  if (matches === 1) return undefined;
  if (matches > 1) return { path, keyword: "oneOf", message: "Value matches more than one variant" };
  return first;
}

function discriminator(variants: Schema[]): string | undefined {
  const first = variants[0]?.properties;
  if (!first) return undefined;
  return Object.keys(first).find((key) => variants.every((v) => v.properties?.[key]?.const !== undefined));
}

/** `["messages", 3, "body"]` → `messages[3].body`. */
export function formatPath(path: JsonPath): string {
  return path.reduce<string>(
    (out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${part}` : part),
    "",
  );
}
