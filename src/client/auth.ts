/** Picks the credential scheme from the client options and turns it into headers. */
import type { QueuesClientOptions } from "./options.js";

/**
 * Returns the auth headers for exactly one scheme, or throws a `TypeError` that names the options
 * (never their values) when neither, both, or half of the key scheme is given.
 */
export function authHeaders({ apiToken, apiEmail, apiKey }: QueuesClientOptions): Record<string, string> {
  const problem =
    apiToken && (apiEmail || apiKey)
      ? "give either apiToken or apiEmail + apiKey, not both"
      : apiToken || (apiEmail && apiKey)
        ? ""
        : apiEmail || apiKey
          ? `${apiEmail ? "apiEmail needs apiKey" : "apiKey needs apiEmail"}: the two are sent together`
          : "credentials are required: give apiToken, or apiEmail + apiKey";
  if (problem) throw new TypeError(`cfq: ${problem}`);
  return apiToken
    ? { authorization: `Bearer ${apiToken}` }
    : { "x-auth-email": apiEmail!, "x-auth-key": apiKey! };
}
