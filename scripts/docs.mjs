#!/usr/bin/env node
// npm run docs: the API reference page (dist/docs/index.html, Redoc with every script inlined: no
// CDN, no web fonts) and the TypeScript API reference (dist/docs/api/, TypeDoc).
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { root } from "./lib/spec.mjs";

const run = (script, args) =>
  execFileSync(process.execPath, [join(root, script), ...args], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  });

run("node_modules/@redocly/cli/bin/cli.js", [
  "build-docs",
  "openapi/openapi.yaml",
  "--inlineBundle",
  "--output",
  "dist/docs/index.html",
  "--title",
  "cfq: the Cloudflare Queues HTTP API",
]);
await selfContain(join(root, "dist/docs/index.html"));
run("node_modules/typedoc/bin/typedoc", ["--options", "typedoc.json"]);
console.log("docs: dist/docs/index.html (the HTTP API), dist/docs/api/index.html (the TypeScript API)");

/**
 * Redoc's attribution badge loads its logo from Redocly's CDN even in an inlined bundle. The page
 * must fetch nothing at view time, so the logo becomes an inline image, and a Content-Security-Policy
 * forbids the page any other remote image, font, frame or connection.
 */
async function selfContain(file) {
  const logo = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E";
  let html = await readFile(file, "utf8");
  const before = html.length;
  html = html.replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g, logo);
  if (html.length === before)
    throw new Error("docs: Redoc's CDN logo was not found: check the page for remote loads by hand");
  const csp = `<meta http-equiv="Content-Security-Policy" content="img-src data: blob:; font-src data:; connect-src 'none'; frame-src 'none'; media-src 'none'; object-src 'none'">`;
  html = html.replace(/<head>/i, `<head>${csp}`);
  await writeFile(file, html);
}
