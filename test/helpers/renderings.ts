import { inspect } from "node:util";

/** Every way a user or a logger might render an error (or any object), joined: what must never hold a secret. */
export function everythingAbout(value: unknown): string {
  const error = value as Error;
  return [
    String(value),
    error?.message,
    error?.stack,
    JSON.stringify(value),
    inspect(value, { depth: 10, showHidden: true }),
    inspect(error?.cause, { depth: 10, showHidden: true }),
    String((error?.cause as Error | undefined)?.stack),
  ].join("\n");
}
