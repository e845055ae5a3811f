// Builds dist/ once before the suites that run the package the way users do (the `cfq` binary).
import { execFileSync } from "node:child_process";
import { join } from "node:path";

export default function setup() {
  const root = join(import.meta.dirname, "..");
  execFileSync(process.execPath, [join(root, "scripts/build.mjs")], { cwd: root, stdio: "pipe" });
}
