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

/**
 * A minified esbuild bundle of one entry file, as an app that installed the package gets it.
 * @returns {Promise<{ code: Uint8Array, inputs: string[] }>} its bytes, and every file it took
 */
export async function bundleFile(path) {
  const result = await build({
    entryPoints: [path],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  return { code: result.outputFiles[0].contents, inputs: Object.keys(result.metafile.inputs) };
}

/** The path of one app of bench/apps/. */
export const appPath = (app) => fileURLToPath(new URL(`apps/${apps[app]}`, import.meta.url));

/** @returns {Promise<Uint8Array>} the minified bundle of one app */
export async function bundle(app) {
  return (await bundleFile(appPath(app))).code;
}

/** @returns {Promise<{ minified: number, gzip: number }>} bytes of the bundle of one app */
export async function bundleSize(app) {
  const code = await bundle(app);
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

export const APPS = Object.keys(apps);
