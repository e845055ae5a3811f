/** Picks the credential scheme from the client options and turns it into headers. */
import { refuse } from "../core/check.js";
import { describeType } from "../core/describe.js";

export interface Credentials {
  apiToken?: unknown;
  apiEmail?: unknown;
  apiKey?: unknown;
}

/**
 * The headers of exactly one scheme: `Authorization: Bearer <token>`, or `X-Auth-Email` with
 * `X-Auth-Key`. Neither, both, or half of the key scheme is refused with an error that names the
 * options, never their values.
 */
export function authHeaders({ apiToken, apiEmail, apiKey }: Credentials): Record<string, string> {
  if (apiToken !== undefined) {
    if (apiEmail !== undefined || apiKey !== undefined) {
      refuse({
        field: "apiToken",
        limit: "given alone",
        message: "give either apiToken or apiEmail + apiKey, not both",
      });
    }
    return { authorization: `Bearer ${credential("apiToken", apiToken)}` };
  }
  if (apiEmail === undefined && apiKey === undefined) {
    refuse({
      field: "apiToken",
      limit: "given",
      message: "credentials are required: give apiToken, or apiEmail + apiKey",
    });
  }
  if (apiKey === undefined) {
    refuse({
      field: "apiKey",
      limit: "given with apiEmail",
      message: "apiEmail needs apiKey: the two are sent together",
    });
  }
  if (apiEmail === undefined) {
    refuse({
      field: "apiEmail",
      limit: "given with apiKey",
      message: "apiKey needs apiEmail: the two are sent together",
    });
  }
  return { "x-auth-email": credential("apiEmail", apiEmail), "x-auth-key": credential("apiKey", apiKey) };
}

/**
 * A credential must be a string that can go in a header as is: visible ASCII, no spaces. A token
 * read from a file with its trailing newline is the usual culprit; the error says so without
 * showing the credential.
 */
function credential(field: string, value: unknown): string {
  if (typeof value === "string" && /^[\x21-\x7e]+$/.test(value)) return value;
  const problem =
    typeof value !== "string" || value === ""
      ? describeType(value)
      : /\s/.test(value)
        ? "a string with whitespace (a line break at the end?)"
        : "a string with a character that cannot go in a header";
  return refuse({ field, limit: "a non-empty string of visible ASCII characters", shown: problem });
}
