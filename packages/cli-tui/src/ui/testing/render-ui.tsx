import { render as inkRender } from "ink-testing-library";
import type { ReactElement } from "react";
import { ColourContext } from "../components/theme.js";

/** Key names the UI tests press, as the terminal sends them. */
export const KEYS = {
  tab: "\t",
  shiftTab: "\x1b[Z",
  enter: "\r",
  escape: "\x1b",
  up: "\x1b[A",
  down: "\x1b[B",
  backspace: "\x7f",
  ctrlC: "\x03",
} as const;

export interface RenderedUi {
  lastFrame(): string;
  /** Sends a named key (KEYS) or literal text, then lets Ink process it. */
  press(key: keyof typeof KEYS | string): Promise<void>;
  /** Waits until the frame contains the text (or the predicate holds); fails with the last frame. */
  waitFor(what: string | RegExp | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
  unmount(): void;
}

const tick = () => new Promise((done) => setTimeout(done, 20));

/** Renders a UI element without colour, like a NO_COLOR terminal, for assertions on text. */
export function renderUi(element: ReactElement): RenderedUi {
  const instance = inkRender(<ColourContext.Provider value={false}>{element}</ColourContext.Provider>);
  const lastFrame = () => instance.lastFrame() ?? "";
  return {
    lastFrame,
    async press(key) {
      instance.stdin.write(key in KEYS ? KEYS[key as keyof typeof KEYS] : key);
      await tick();
    },
    async waitFor(what, timeoutMs = 10_000) {
      const test =
        typeof what === "function"
          ? what
          : (frame: string) => (typeof what === "string" ? frame.includes(what) : what.test(frame));
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const frame = lastFrame();
        if (test(frame)) return frame;
        if (Date.now() > deadline)
          throw new Error(`Timed out waiting for ${String(what)}; last frame:\n${frame}`);
        await tick();
      }
    },
    unmount: () => instance.unmount(),
  };
}
