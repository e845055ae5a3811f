// Gzip size of a minified esbuild bundle of each small app in bench/apps/.
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const apps = {
  cfq: "cfq.mjs",
  producer: "producer.mjs",
  official: "official.mjs",
  official_treeshakable: "official-treeshakable.mjs",
};

/** @returns {Promise<Uint8Array>} the minified bundle of one app */
export async function bundle(app) {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(`apps/${apps[app]}`, import.meta.url))],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].contents;
}

/** @returns {Promise<{ minified: number, gzip: number }>} bytes of the bundle of one app */
export async function bundleSize(app) {
  const code = await bundle(app);
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

export const APPS = Object.keys(apps);
