import { createContext, useContext } from "react";

/** Whether to use colour (off with NO_COLOR or FORCE_COLOR=0): screens then rely on markers alone. */
export const ColourContext = createContext(true);

/** A colour name when colour is on, else undefined (Ink then prints plain text). */
export function useColour(): (name: string) => string | undefined {
  const on = useContext(ColourContext);
  return (name) => (on ? name : undefined);
}

/** Whether the terminal should get colour, from the environment's conventions. */
export function colourFromEnv(env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return env.FORCE_COLOR !== "0";
}
