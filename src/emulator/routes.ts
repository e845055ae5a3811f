/** Matches request paths against the spec's operations, under any prefix (normally `/client/v4`). */
import { requestSchemas } from "../../generated/request-schemas.js";
import type { Operation } from "./requests.js";
import { validate } from "./schema-validator.js";

export interface Route {
  operation: Operation;
  params: Record<string, string>;
}

const routes = Object.entries(requestSchemas).map(([operation, { method, path, pathParams }]) => {
  const names: string[] = [];
  const source = path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([^}]+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return {
    operation: operation as Operation,
    method,
    names,
    pathParams,
    pattern: new RegExp(`^(?:/.*?)?${source}/?$`),
  };
});

export type RouteResult = { route: Route } | { invalidPath: true } | undefined;

/** The operation and decoded path parameters, `{ invalidPath }` when an id breaks the spec's rules, or undefined. */
export function matchRoute(method: string, pathname: string): RouteResult {
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const match = candidate.pattern.exec(pathname);
    if (!match) continue;
    const params: Record<string, string> = {};
    for (let i = 0; i < candidate.names.length; i++) {
      const name = candidate.names[i]!;
      let value: string;
      try {
        value = decodeURIComponent(match[i + 1]!);
      } catch {
        return { invalidPath: true };
      }
      const schema = candidate.pathParams[name];
      if (schema && validate(schema, value)) return { invalidPath: true };
      params[name] = value;
    }
    return { route: { operation: candidate.operation, params } };
  }
  return undefined;
}
