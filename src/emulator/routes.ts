/** Matches request paths against the spec's operations, under any prefix (normally `/client/v4`). */
import { operations, requestSchemaOf, type JsonSchema, type OperationName } from "./spec.js";
import { validate } from "./schema-validator.js";

export interface Route {
  operation: OperationName;
  params: Record<string, string>;
}

/**
 * Operations of Cloudflare's spec under `/messages` that are not in ours (the dashboard's), by
 * operationId: matched only to answer that they are not emulated, rather than a misleading 7003.
 * Written out here because no spec of ours knows them (see the reference's §9).
 */
const NOT_EMULATED = [
  {
    operationId: "queues-preview-messages",
    path: "/accounts/{account_id}/queues/{queue_id}/messages/preview",
  },
  {
    operationId: "queues-ack-preview-messages",
    path: "/accounts/{account_id}/queues/{queue_id}/messages/preview/ack",
  },
];

/** A path template as a pattern under any prefix, and the names of its parameters in order. */
function compile(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([^}]+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { pattern: new RegExp(`^(?:/.*?)?${source}/?$`), names };
}

const routes = Object.values(operations).map(({ name, method, path }) => ({
  operation: name,
  method,
  pathParams: requestSchemaOf(name).pathParams,
  ...compile(path),
}));

const notEmulated = NOT_EMULATED.map(({ operationId, path }) => ({ operationId, ...compile(path) }));

export type RouteResult = { route: Route } | { invalidPath: true } | { notEmulated: string } | undefined;

/**
 * The operation and decoded path parameters, `{ invalidPath }` when an id breaks the spec's rules,
 * `{ notEmulated }` (the operationId) for a Cloudflare operation the emulator does not have, or undefined.
 */
export function matchRoute(method: string, pathname: string): RouteResult {
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const match = candidate.pattern.exec(pathname);
    if (!match) continue;
    const params = decodeParams(candidate.names, match, candidate.pathParams);
    return params ? { route: { operation: candidate.operation, params } } : { invalidPath: true };
  }
  if (method === "POST") {
    const other = notEmulated.find(({ pattern }) => pattern.test(pathname));
    if (other) return { notEmulated: other.operationId };
  }
  return undefined;
}

/** The path parameters, URL-decoded and checked against the spec; undefined when one breaks its rules. */
function decodeParams(
  names: string[],
  match: RegExpExecArray,
  schemas: { readonly [name: string]: JsonSchema },
): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    let value: string;
    try {
      value = decodeURIComponent(match[i + 1]!);
    } catch {
      return undefined;
    }
    const schema = schemas[name];
    if (schema && validate(schema, value)) return undefined;
    params[name] = value;
  }
  return params;
}
