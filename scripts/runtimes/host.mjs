// Runs in the Node that npx installed beside Miniflare (Miniflare needs Node 22 or later): serves one
// Worker in workerd on 127.0.0.1 until its stdin closes. Arguments: Miniflare's package directory,
// and a JSON file of Miniflare options (`modules`, bindings, queues).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [miniflareDir, optionsFile] = process.argv.slice(2);
const entry = createRequire(join(miniflareDir, "package.json")).resolve(miniflareDir);
const { Log, LogLevel, Miniflare } = await import(pathToFileURL(entry).href);

const options = JSON.parse(readFileSync(optionsFile, "utf8"));
const miniflare = new Miniflare({
  compatibilityDate: "2026-07-01",
  host: "127.0.0.1",
  port: 0,
  log: new Log(LogLevel.WARN),
  ...options,
});
const url = await miniflare.ready;
console.log(`listening on ${url.href}`);
process.stdin.resume();
process.stdin.on("end", async () => {
  await miniflare.dispose();
  process.exit(0);
});
