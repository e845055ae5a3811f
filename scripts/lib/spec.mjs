// Loads and bundles the hand-authored spec in openapi/, the one source every output is derived from.
import { fileURLToPath } from "node:url";
import { bundle, createConfig } from "@redocly/openapi-core";

export const root = fileURLToPath(new URL("../../", import.meta.url));
export const specDir = fileURLToPath(new URL("../../openapi/", import.meta.url));
export const specFile = "openapi/openapi.yaml";

/**
 * Bundles the spec at `ref` (default: the project's) into one document with local refs only.
 * @param {string} [ref]
 * @returns {Promise<Record<string, any>>}
 */
export async function loadSpec(ref = root + specFile) {
  const config = await createConfig({});
  const { bundle: result, problems } = await bundle({ ref, config });
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length) {
    throw new Error(`${ref}: ${errors.map((p) => p.message).join("; ")}`);
  }
  return result.parsed;
}

/** Resolves every local `$ref` in `node` against `doc`, yielding a self-contained copy. */
export function dereference(node, doc, seen = []) {
  if (Array.isArray(node)) return node.map((item) => dereference(item, doc, seen));
  if (!node || typeof node !== "object") return node;
  if (typeof node.$ref === "string") {
    if (seen.includes(node.$ref)) throw new Error(`recursive $ref ${node.$ref} cannot be inlined`);
    const target = node.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((at, key) => at?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
    if (target === undefined) throw new Error(`unresolved $ref ${node.$ref}`);
    return dereference(target, doc, [...seen, node.$ref]);
  }
  const out = {};
  for (const [key, value] of Object.entries(node)) out[key] = dereference(value, doc, seen);
  return out;
}

/** Every operation of the spec, in document order. */
export function listOperations(doc) {
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of ["get", "put", "post", "delete", "patch", "head", "options", "trace"]) {
      const op = item[method];
      if (!op) continue;
      if (!op.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      ops.push({ path, method, operation: op, name: camelCase(op.operationId) });
    }
  }
  return ops;
}

/** `queues-push-message` → `queuesPushMessage`. */
export function camelCase(operationId) {
  return operationId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word, i) => (i === 0 ? word[0].toLowerCase() : word[0].toUpperCase()) + word.slice(1))
    .join("");
}
