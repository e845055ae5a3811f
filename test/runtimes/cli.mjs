// The smoke suite's door for Node, Bun and Deno: runs it, prints one line per check, and exits
// non-zero if one failed. `--serve-url URL --token T` adds the checks over HTTP against `cfq serve`.
import { describeResult, runSmoke } from "./smoke.mjs";

const args = globalThis.Deno ? Deno.args : process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args[at + 1];
};

const results = await runSmoke({ serveUrl: option("--serve-url"), token: option("--token") });
for (const result of results) console.log(describeResult(result));
const failed = results.filter((result) => !result.ok).length;
console.log(`${results.length - failed} of ${results.length} checks passed`);
if (failed > 0) process.exitCode = 1;
