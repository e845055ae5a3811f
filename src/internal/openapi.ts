/**
 * The client's one door to the generated layer: the operation table, the schema types, and the types
 * of `queues.raw` derived from them. Nothing else in the client imports `generated/`.
 */
import { operations, shortNames, type Operation, type OperationName } from "../../generated/operations.js";
import type { components, operations as SpecOperations } from "../../generated/schema.js";

export { operations, shortNames };
export type { Operation, OperationName };
export type Schemas = components["schemas"];

/** An operation's definition in the spec, by its camelCase name. */
type SpecOf<N extends OperationName> = SpecOperations[(typeof operations)[N]["operationId"]];
type JsonOf<T> = T extends { content: { "application/json": infer Body } } ? Body : never;
type Responses<N extends OperationName> = SpecOf<N>["responses"];

/** What a raw operation takes: openapi-fetch's `{ params, body }`, plus headers and a signal. */
export interface RawInit<N extends OperationName> {
  params: { path: SpecOf<N>["parameters"]["path"] };
  body: JsonOf<SpecOf<N>["requestBody"]>;
  /** Extra headers for this request (the client's credentials and headers are always sent). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * What a raw operation resolves to, as openapi-fetch answers: the parsed body in `data` on a 2xx,
 * else in `error` (the text itself when it is not JSON), and the `response` (its body already read).
 */
export type RawResult<N extends OperationName> =
  | { data: JsonOf<Responses<N>[200]>; error?: undefined; response: Response }
  | {
      data?: undefined;
      error: JsonOf<Responses<N>[Exclude<keyof Responses<N>, 200>]> | string;
      response: Response;
    };

/** The operations of the spec with their wire names, bound to one client's base URL, credentials and transport. */
export type RawOperations = {
  [N in OperationName]: (init: RawInit<N>) => Promise<RawResult<N>>;
};

/** An operation's URL under `baseUrl`, its path parameters filled in (URL-encoded). */
export function operationUrl(baseUrl: string, operation: Operation, params: Record<string, string>): string {
  return (
    baseUrl +
    operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ""))
  );
}
