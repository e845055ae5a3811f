/**
 * Ctrl-C (SIGINT) and SIGTERM for the commands that stop gracefully (`tail`, `push --file`): the
 * first signal asks them to finish cleanly; another one, a second or more later, exits at once.
 * Signals in the first second are one Ctrl-C: run through npx, cfq gets the terminal's SIGINT and
 * the one npm forwards to its child.
 */
const SAME_PRESS_MS = 1000;
const EXIT_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

export interface Interrupt {
  /** Whether a signal came. */
  readonly interrupted: boolean;
  /** Stops listening. */
  release(): void;
}

export function onInterrupt(
  stop: () => void,
  signals: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM"],
): Interrupt {
  let first: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (first === undefined) {
      first = Date.now();
      stop();
    } else if (Date.now() - first >= SAME_PRESS_MS) process.exit(EXIT_CODES[signal] ?? 1);
  };
  for (const signal of signals) process.on(signal, onSignal);
  return {
    get interrupted() {
      return first !== undefined;
    },
    release() {
      for (const signal of signals) process.off(signal, onSignal);
    },
  };
}
