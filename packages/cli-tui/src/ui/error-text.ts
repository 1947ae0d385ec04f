import { isBqdeployError } from "@bqdeploy/core";

/** An error as one line for the screen: its code and the message (which says what to do). */
export function errorText(err: unknown): string {
  if (isBqdeployError(err)) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
