/**
 * Scrubs credentials out of text that came from the network (a proxy can echo request headers in
 * its error page) before it reaches an error message.
 */
export function createRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const present = secrets.filter((s): s is string => typeof s === "string" && s.length > 0);
  if (present.length === 0) return (text) => text;
  return (text) => {
    for (const secret of present) text = text.split(secret).join("[redacted]");
    return text;
  };
}
