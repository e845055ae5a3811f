/** cfq's version, from its package.json (three levels up from dist/src/cli/). */
import { readFileSync } from "node:fs";

export function packageVersion(): string {
  const url = new URL("../../../package.json", import.meta.url);
  return (JSON.parse(readFileSync(url, "utf8")) as { version: string }).version;
}
