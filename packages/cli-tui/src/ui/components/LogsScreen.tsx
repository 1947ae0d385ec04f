import { Box, Text } from "ink";
import { type LogsState, logWindow, visibleLines } from "../state/logs-reducer.js";
import { useColour } from "./theme.js";

/** A deployment's live log: scrollable (up/down, pgup/pgdn, g/G) and filterable (/). */
export function LogsScreen({ state, height }: { state: LogsState; height: number }) {
  const colour = useColour();
  const lines = logWindow(state, Math.max(1, height - 2));
  const total = visibleLines(state).length;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        {state.source ? `Logs of ${state.source}` : "No logs open: select a deployment (2) and press o."}
        {"  "}filter: {state.editingFilter ? `[${state.filter}_]` : state.filter || "(none, / to set)"}
        {"  "}
        {state.scroll > 0 ? `scrolled up ${state.scroll} of ${total}` : `following (${total} lines)`}
      </Text>
      {lines.map((l, i) => (
        <Text
          key={`${state.lines.length}-${i}`}
          wrap="truncate"
          color={l.stream === "stderr" ? colour("yellow") : undefined}
        >
          [{l.replica}] {l.text}
        </Text>
      ))}
      {state.error ? <Text color={colour("red")}>Error: {state.error}</Text> : null}
    </Box>
  );
}
