// cfq/workers in a Worker's bundle (the built package, as an app resolves it): nothing from Node,
// and of the HTTP client nothing but what a binding producer and the consumer's rules share with it
// (message checks, limits, errors), with no transport, executor, retries, rate limiter or emulator.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript, shared with `npm run bench` and the bundle budget
import { bundleFile } from "../../bench/bundle-size.mjs";

const bundleOf = async (entry: string) => {
  const { code, inputs } = (await bundleFile(fileURLToPath(new URL(entry, import.meta.url)))) as {
    code: Uint8Array;
    inputs: string[];
  };
  return { inputs, code: new TextDecoder().decode(code) };
};

describe("a Worker that uses cfq/workers", () => {
  it("bundles only portable modules: no Node import, no HTTP transport, executor, retry or emulator", async () => {
    const { inputs, code } = await bundleOf("bundle-app.mjs");
    const fromPackage = inputs.filter((input) => input.startsWith("dist/")).sort();
    expect(fromPackage).toEqual([
      "dist/src/client/operations/message-body.js",
      "dist/src/consumer/defaults.js",
      "dist/src/consumer/dispatcher.js",
      "dist/src/consumer/errors.js",
      "dist/src/consumer/handler-options.js",
      "dist/src/consumer/lease.js",
      "dist/src/consumer/stats.js",
      "dist/src/consumer/task.js",
      "dist/src/core/check.js",
      "dist/src/core/describe.js",
      "dist/src/core/errors.js",
      "dist/src/core/limits.js",
      "dist/src/core/standard-schema.js",
      "dist/src/core/utf8.js",
      "dist/src/producer/defaults.js",
      "dist/src/producer/message.js",
      "dist/src/producer/producer.js",
      "dist/src/producer/settings.js",
      "dist/src/workers/binding-producer.js",
      "dist/src/workers/from-worker-queue.js",
      "dist/src/workers/index.js",
      "dist/src/workers/settings.js",
      "dist/src/workers/worker-queue.js",
    ]);
    expect(/["']node:/.test(code), "a node: import in the bundle").toBe(false);
  });
});
