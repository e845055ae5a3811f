/**
 * The README's TypeScript snippets, as a user's files: type-checked with the project's strict settings,
 * then run by Node (types stripped by esbuild), importing `cfq` and `cfq/emulator` by name. The files
 * live in a directory inside the repository, so Node and TypeScript resolve `cfq` to this package
 * itself (through its `exports`, to dist/), as they would resolve it in node_modules.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { transformSync } from "esbuild";
import ts from "typescript";
import type { CodeBlock } from "./markdown.js";

const root = join(import.meta.dirname, "../..");
const prelude = join(import.meta.dirname, "prelude.mjs");

/** The types of the free variables that prelude.mjs defines (the names a snippet may use undefined). */
const PRELUDE_TYPES = `import type { QueuesClient } from "cfq";
declare global {
  const accountId: string;
  const apiToken: string;
  const queueId: string;
  /** As the Quickstart makes it: \`new QueuesClient({ accountId, apiToken })\`. */
  const queues: QueuesClient;
}
`;

const fileOf = (dir: string, block: CodeBlock) => join(dir, `readme-${block.line}.ts`);

/** Where a snippet's line is in README.md (`line` is 0-based within the block). */
const readmeLine = (block: CodeBlock, line: number) => block.line + 1 + line;

/**
 * Type-checks the snippets together (one program, each snippet its own module) with tsconfig.json's
 * options. Returns the errors by block, each naming its line in README.md; errors found anywhere
 * else (the prelude, a declaration file) are under the key 0.
 */
export function typeCheck(dir: string, blocks: CodeBlock[]): Map<number, string[]> {
  const preludeFile = join(dir, "prelude.d.ts");
  writeFileSync(preludeFile, PRELUDE_TYPES);
  for (const block of blocks) writeFileSync(fileOf(dir, block), block.text);

  const config = ts.readConfigFile(join(root, "tsconfig.json"), ts.sys.readFile).config as object;
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
  const program = ts.createProgram([preludeFile, ...blocks.map((b) => fileOf(dir, b))], options);
  const errors = new Map<number, string[]>([
    [0, []],
    ...blocks.map((b) => [b.line, []] as [number, string[]]),
  ]);
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    const block = blocks.find((b) => diagnostic.file?.fileName === fileOf(dir, b));
    if (block && diagnostic.start !== undefined) {
      const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start);
      errors.get(block.line)!.push(`README.md:${readmeLine(block, line)}: TS${diagnostic.code}: ${text}`);
    } else {
      errors.get(0)!.push(`${diagnostic.file?.fileName ?? "tsconfig.json"}: TS${diagnostic.code}: ${text}`);
    }
  }
  return errors;
}

/** After this long, a snippet that runs until SIGTERM (a consumer, say) is sent one. */
const SIGTERM_AFTER_MS = 1_500;

/**
 * Runs a snippet with Node after the prelude; rejects with its output if it throws or runs over
 * 20 s. A snippet that waits for SIGTERM (`process.once("SIGTERM", …)`) is sent one after a moment,
 * and must then end by itself, cleanly.
 */
export async function runSnippet(dir: string, block: CodeBlock): Promise<void> {
  const file = join(dir, `readme-${block.line}.mjs`);
  const { code } = transformSync(block.text, {
    loader: "ts",
    format: "esm",
    target: "node20",
    sourcemap: "inline",
    sourcefile: fileOf(dir, block),
  });
  writeFileSync(file, code);
  const waitsForSigterm = /process\.(once|on)\("SIGTERM"/.test(block.text);
  const child = spawn(
    process.execPath,
    ["--enable-source-maps", "--import", pathToFileURL(prelude).href, file],
    {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const term = waitsForSigterm ? setTimeout(() => child.kill("SIGTERM"), SIGTERM_AFTER_MS) : undefined;
  const kill = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const [exitCode, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
  clearTimeout(term);
  clearTimeout(kill);
  if (exitCode === 0) return;
  const name = `readme-${block.line}.ts`;
  throw new Error(
    `the ts block at README.md:${block.line} (${block.section}) failed` +
      `${signal ? ` (stopped by ${signal}${signal === "SIGKILL" ? " after 20 s" : ""})` : ` (exit code ${exitCode})`}; ` +
      `in its stack, ${name} line N is README.md line ${readmeLine(block, 0)} + N - 1:\n${output}`,
  );
}
