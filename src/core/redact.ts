/**
 * Scrubs credentials out of anything that came from the network before it reaches an error: a
 * server (or a proxy in front of it) may quote a token, key or email anywhere in its answer, bare or
 * inside the header that carried it, plainly, URL-encoded or JSON-escaped.
 */

const REDACTED = "[redacted]";

export interface Redactor {
  /** `text` with every rendering of every credential replaced by `[redacted]`. */
  text(text: string): string;
  /** A copy of a parsed JSON value with every string in it (keys included) scrubbed. */
  json<T>(value: T): T;
}

const identity: Redactor = { text: (text) => text, json: (value) => value };

/**
 * A credential shorter than this is scrubbed only where it stands alone (not inside a longer word):
 * a test token such as `t` must not turn "fetch failed" into "fe[redacted]ch failed". Real API
 * tokens and keys are far longer.
 */
const SHORT = 8;

export function createRedactor(secrets: readonly (string | undefined)[]): Redactor {
  const renderings = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    renderings.add(secret);
    renderings.add(encodeURIComponent(secret));
    renderings.add(JSON.stringify(secret).slice(1, -1));
  }
  if (renderings.size === 0) return identity;
  // Longest first, so that a secret inside another (an email inside a header value) never leaves a tail.
  const scrubbers = [...renderings]
    .sort((a, b) => b.length - a.length)
    .map((rendering): ((input: string) => string) => {
      if (rendering.length >= SHORT) return (input) => input.split(rendering).join(REDACTED);
      const alone = new RegExp(
        `(?<![\\w-])${rendering.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`,
        "g",
      );
      return (input) => input.replace(alone, REDACTED);
    });
  const text = (input: string) => {
    for (const scrub of scrubbers) input = scrub(input);
    return input;
  };
  const json = (value: unknown): unknown => {
    if (typeof value === "string") return text(value);
    if (Array.isArray(value)) return value.map(json);
    if (value === null || typeof value !== "object") return value;
    // fromEntries defines own properties, so a key such as "__proto__" stays data, never a prototype.
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [text(key), json(inner)]));
  };
  return { text, json: json as Redactor["json"] };
}
