/**
 * What the README test does with each shell command of the README. Every command must be accounted
 * for: run (as is, or as a stated equivalent), started and stopped (a server), or skipped for a reason
 * listed here. A command that none of these covers fails the test, saying where to add it.
 */

export type Plan =
  /** Runs to completion and must exit 0. `command` replaces the README's, for the reason given. */
  | { kind: "run"; command: string; because?: string }
  /** A `cfq serve`: must print its "listening on" line, then stops on SIGINT and exits 0. */
  | { kind: "serve"; command: string }
  /**
   * A command that runs until Ctrl-C (`cfq tail`): started, and once it has printed a line, stopped with
   * SIGINT to its process group, as Ctrl-C does. It must stop cleanly: exit 0 (npx itself may end by the
   * signal), print the line `stopped` matches, and leave no process behind.
   */
  | { kind: "interrupt"; command: string; stopped: RegExp }
  /** A curl to the emulator on port 8787: must get a 2xx answer whose envelope says `"success": true`. */
  | { kind: "curl"; command: string }
  | { kind: "skip"; reason: string };

/** Commands that are not run here, and why. Keep it short: prefer making a command runnable. */
export const SKIPPED: Record<string, string> = {
  "npm ci": "installs this repository's dependencies (done before the tests run)",
  "npm pack": "rebuilds dist/ under the other test files; test/readme/install.test.ts packs the package",
  "npm install /path/to/cfq-0.1.0.tgz":
    "test/readme/install.test.ts installs the packed tarball in a new project",
  "npm ci && npm start": "reinstalls node_modules under the running tests",
  "npm ci && npm test": "reinstalls node_modules, and runs this very suite",
  "npm run lint": "the lint step, run beside the tests (it rebuilds dist/)",
  "npm run build": "the global setup of the tests runs it",
  "npm run generate": "rewrites generated/; test/spec checks that it is fresh",
  "npm run generate -- --watch": "watches until stopped",
  "npm run generate -- --check": "test/spec/lint-and-freshness.test.ts runs the same check",
  "npm run docs": "test/docs/browser.test.ts builds and checks the pages",
  "npm run check:package": "packs the package (rebuilding dist/); run by .ci/run",
  "npm run bench": "the benchmarks take minutes",
  "npm run runtimes": "installs six other runtimes from the registry; .ci/run runs it as its own step",
  "npm run soak": "a 60-second soak; test/reliability/soak.test.ts runs a bounded one",
  "npm run soak -- --seconds 300": "a five-minute soak; test/reliability/soak.test.ts runs a bounded one",
  "bash .ci/run": "everything CI runs, this suite included (and apt-get as root)",
  "export CLOUDFLARE_ACCOUNT_ID=023e105f4ecef8ad9ca31a8372d0c353 CLOUDFLARE_API_TOKEN=your-token":
    "against Cloudflare: needs a real account and token",
  "npx cfq push 2c3d5e7f9a1b4c6d8e0f1a2b3c4d5e6f '{\"order_id\": 4812}'":
    "against Cloudflare: needs a real account, token and queue (test/cli runs push against cfq serve)",
  "npx cfq peek 2c3d5e7f9a1b4c6d8e0f1a2b3c4d5e6f":
    "against Cloudflare: needs a real account, token and queue (test/cli runs peek against a stand-in)",
  "npx cfq tail 2c3d5e7f9a1b4c6d8e0f1a2b3c4d5e6f":
    "against Cloudflare: needs a real account, token and queue with an HTTP pull consumer (test/cli runs tail against cfq serve)",
};

/** Commands run as something equivalent that does not disturb the other test files. */
export const RUN_INSTEAD: Record<string, { command: string; because: string }> = {
  "npm start": {
    command: "node examples/demo.mjs",
    because: "npm start rebuilds dist/ (under the other test files) before this; the global setup built it",
  },
};

// An optional `NAME=value` prefix, then the command.
const ENV_PREFIX = String.raw`^(?:\w+=\S*\s+)*`;
const SERVE = new RegExp(`${ENV_PREFIX}npx cfq serve\\b`);
const TAIL = new RegExp(`${ENV_PREFIX}npx cfq tail\\b`);
// A command, or printf piped into one (`printf '…' | npx cfq push q --file -`).
const CFQ = new RegExp(`${ENV_PREFIX}(?:printf '[^']*' \\| )?npx cfq\\b`);
const CURL = /^curl\s/;

/** The plan for a command, or undefined when the command is not accounted for. */
export function planFor(command: string): Plan | undefined {
  const skipped = SKIPPED[command];
  if (skipped) return { kind: "skip", reason: skipped };
  const instead = RUN_INSTEAD[command];
  if (instead) return { kind: "run", ...instead };
  if (SERVE.test(command)) return { kind: "serve", command };
  if (TAIL.test(command)) return { kind: "interrupt", command, stopped: /^cfq tail: stopped/m };
  if (CURL.test(command)) return { kind: "curl", command };
  if (CFQ.test(command)) return { kind: "run", command };
  return undefined;
}
