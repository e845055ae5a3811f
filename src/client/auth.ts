/** Picks the credential scheme from the client options and turns it into headers. */
import type { QueuesClientOptions } from "./options.js";

const given = (value: unknown) => value !== undefined && value !== null && value !== "";

/**
 * Returns the auth headers for exactly one scheme, or throws a `TypeError` that names the options
 * (never their values) when neither, both, or half of the key scheme is given.
 */
export function authHeaders(options: QueuesClientOptions): Record<string, string> {
  const token = given(options.apiToken);
  const email = given(options.apiEmail);
  const key = given(options.apiKey);
  if (token && (email || key)) {
    throw new TypeError("cfq: give either apiToken or apiEmail + apiKey, not both");
  }
  if (token) return { Authorization: `Bearer ${options.apiToken}` };
  if (email && key) return { "X-Auth-Email": String(options.apiEmail), "X-Auth-Key": String(options.apiKey) };
  if (email || key) {
    throw new TypeError(
      `cfq: ${email ? "apiEmail needs apiKey" : "apiKey needs apiEmail"}: the two are sent together`,
    );
  }
  throw new TypeError("cfq: credentials are required: give apiToken, or apiEmail + apiKey");
}
