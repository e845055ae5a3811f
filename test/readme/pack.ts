/** `npm pack`, as the README's install steps run it, minus the rebuild (the tests' global setup built dist/). */
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "../..");

export interface Packed {
  /** The tarball's file name (written only when a destination was given). */
  filename: string;
  /** The paths of the files in the package, e.g. `dist/src/index.js`. */
  files: string[];
}

/**
 * Packs the package into `destination`, or only lists what it would hold when there is none. Lifecycle
 * scripts are skipped: `prepack` would rebuild dist/ under the other test files.
 */
export function pack(destination?: string): Packed {
  const where = destination ? ["--pack-destination", destination] : ["--dry-run"];
  const output = execFileSync("npm", ["pack", "--json", "--ignore-scripts", ...where], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const [result] = JSON.parse(output) as { filename: string; files: { path: string }[] }[];
  return { filename: result!.filename, files: result!.files.map((file) => file.path) };
}
