import type { Key } from "ink";
import type { ScreenId } from "./state/ui-reducer.js";

/** What a key means, whatever screen it is pressed on. */
export type Intent =
  | "quit"
  | "help"
  | "next-screen"
  | "prev-screen"
  | "up"
  | "down"
  | "page-up"
  | "page-down"
  | "enter"
  | "escape"
  | "backspace"
  | { screen: ScreenId }
  | { command: string }
  | { text: string };

/** Per-screen commands: key -> command name (shown in the footer and in help). */
export const SCREEN_COMMANDS: Record<ScreenId, [key: string, command: string, description: string][]> = {
  models: [
    ["p", "pull", "pull a new version from gs://"],
    ["l", "label", "set a label on a version"],
    ["b", "rollback", "roll back (remove the latest version)"],
    ["x", "prune", "prune old versions (keep 2)"],
    ["r", "refresh", "reload the repository"],
  ],
  deployments: [
    ["s", "start", "start the selected model (embedded)"],
    ["d", "start-docker", "start it with Docker"],
    ["k", "stop", "stop the selected deployment"],
    ["o", "logs", "open its logs"],
    ["e", "predict", "predict against it"],
    ["r", "refresh", "refresh"],
  ],
  logs: [
    ["/", "filter", "filter lines (enter to keep, esc to clear)"],
    ["g", "top", "oldest line"],
    ["G", "bottom", "newest line (follow)"],
  ],
  predict: [["ctrl+r", "reset", "refill the example"]],
  jobs: [["c", "cancel", "cancel the selected job"]],
};

export const GLOBAL_KEYS: [string, string][] = [
  ["tab / shift+tab", "next / previous screen"],
  ["1-5", "go to a screen"],
  ["up / down", "move (fields on forms)"],
  ["enter", "confirm / send"],
  ["esc", "close a form or help"],
  ["?", "help"],
  ["q", "quit (ctrl+c anywhere)"],
];

const SCREEN_KEYS: Record<string, ScreenId> = {
  "1": "models",
  "2": "deployments",
  "3": "logs",
  "4": "predict",
  "5": "jobs",
};

/** How many backspaces a chunk holds when it is only backspaces (keys repeated faster than read). */
export function backspaceCount(input: string): number {
  return /^[\u0008\u007f]+$/.test(input) ? input.length : 0;
}

/**
 * Maps a key press to an intent. While `editing` a text field, printable keys are text, and only
 * tab, arrows, enter, esc, backspace and ctrl keys keep their meaning.
 */
export function intentFor(input: string, key: Key, screen: ScreenId, editing: boolean): Intent | undefined {
  if (key.ctrl && input === "c") return "quit";
  if (key.tab) return key.shift ? "prev-screen" : "next-screen";
  if (key.return) return "enter";
  if (key.escape) return "escape";
  if (key.backspace || key.delete) return "backspace";
  if (key.upArrow) return "up";
  if (key.downArrow) return "down";
  if (key.pageUp) return "page-up";
  if (key.pageDown) return "page-down";
  if (key.ctrl && input === "r") return { command: "reset" };
  if (key.ctrl || key.meta || input === "") return undefined;
  // A paste or fast typing arrives as one chunk: keep only printable characters.
  const printable = input.replace(/[\u0000-\u001f\u007f]/g, "");
  if (editing) return printable ? { text: printable } : undefined;
  if (input === "q") return "quit";
  if (input === "?") return "help";
  const screenKey = SCREEN_KEYS[input];
  if (screenKey) return { screen: screenKey };
  const command = SCREEN_COMMANDS[screen].find(([k]) => k === input);
  if (command) return { command: command[1] };
  if (input === "y" || input === "n") return { command: input === "y" ? "yes" : "no" };
  return undefined;
}
