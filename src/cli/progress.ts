/**
 * A progress line on stderr, redrawn in place a few times a second, for a person watching a long
 * command (only when stderr is a terminal: piped or redirected, nothing is drawn).
 */
import type { Output } from "./output.js";

const REDRAW_MS = 250;
/** Back to the line's start, then clear to its end. */
const CLEAR = "\r\x1b[K";

export interface Progress {
  /** Erases the line and stops redrawing. */
  stop(): void;
}

/** Draws `render()` now and every 250 ms until stopped; does nothing unless the output shows progress. */
export function startProgress(out: Output, render: () => string): Progress {
  if (!out.showsProgress) return { stop() {} };
  const draw = () => out.raw(`${CLEAR}${render()}`);
  draw();
  const timer = setInterval(draw, REDRAW_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      out.raw(CLEAR);
    },
  };
}
