/**
 * Which `Host` headers the HTTP server answers, against DNS rebinding: a web page can rebind its
 * own name to 127.0.0.1 and then call a local server as if same-origin. A server bound to a
 * loopback address is meant for this machine alone, so it answers only loopback names, and the
 * page's name is refused.
 */

const IPV4_LOOPBACK = /^127(?:\.\d{1,3}){3}$/;

/** Whether a bound address is a loopback one: 127.0.0.0/8, ::1 (or its IPv4-mapped form), or localhost. */
export function isLoopbackAddress(address: string): boolean {
  const name = address.toLowerCase().replace(/^\[|\]$/g, "");
  return (
    name === "localhost" ||
    name === "::1" ||
    IPV4_LOOPBACK.test(name) ||
    (name.startsWith("::ffff:") && IPV4_LOOPBACK.test(name.slice(7)))
  );
}

/** The name in a Host header, lower-case, without its port or IPv6 brackets: `[::1]:8787` → `::1`. */
function nameOf(host: string): string {
  const value = host.trim().toLowerCase();
  if (value.startsWith("[")) return value.slice(1, value.indexOf("]"));
  const colon = value.lastIndexOf(":");
  return colon < 0 ? value : value.slice(0, colon);
}

const isLoopbackName = (name: string) => name.endsWith(".localhost") || isLoopbackAddress(name);

/**
 * The Host check of a server bound to `bound`, or `undefined` when any Host is served (bound
 * elsewhere than loopback, with no `allowedHosts`: the user opted in to being reachable).
 */
export function hostCheck(
  bound: string,
  allowedHosts: readonly string[] | undefined,
): ((host: string | undefined) => boolean) | undefined {
  if (allowedHosts === undefined && !isLoopbackAddress(bound)) return undefined;
  const allowed = new Set(allowedHosts?.map(nameOf));
  // No Host at all: not a browser (browsers always send one), so not a rebinding page.
  return (host) => host === undefined || isLoopbackName(nameOf(host)) || allowed.has(nameOf(host));
}
