import { Box, Text } from "ink";
import { type DeploymentsState, uptime } from "../state/deployments-reducer.js";
import { useColour } from "./theme.js";

const STATE_COLOURS: Record<string, string> = {
  AVAILABLE: "green",
  LOADING: "yellow",
  START: "yellow",
  END: "red",
};

/** Deployments of every runtime: runtime, endpoint, replicas, model state (with its error), uptime. */
export function DeploymentsScreen({ state, now }: { state: DeploymentsState; now: number }) {
  const colour = useColour();
  return (
    <Box flexDirection="column">
      <Text bold>{"  ID             RUNTIME   REPL  UPTIME    ENDPOINT"}</Text>
      {state.items.length === 0 ? (
        <Text>No deployments. Select a model (1) and press s to start it.</Text>
      ) : null}
      {state.items.map((d, i) => {
        const selected = i === state.selected;
        const versions = state.versions[d.id] ?? [];
        return (
          <Box key={d.id} flexDirection="column">
            <Text wrap="truncate" color={selected ? colour("cyan") : undefined}>
              {selected ? "> " : "  "}
              {d.id.padEnd(15).slice(0, 15)}
              {d.runtime.padEnd(10)}
              {String(d.replicas).padEnd(6)}
              {uptime(d.startedAt, now).padEnd(10)}
              {d.endpoints.join(" ")}
            </Text>
            {versions.length === 0 ? (
              <Text>
                {" "}
                model {d.model}: {d.state}
              </Text>
            ) : (
              versions.map((v) => (
                <Text key={v.version} wrap="truncate">
                  {"    "}model {d.model} v{v.version}:{" "}
                  <Text color={colour(STATE_COLOURS[v.state] ?? "white")}>{v.state}</Text>
                  {v.errorMessage ? ` (${v.errorMessage})` : ""}
                </Text>
              ))
            )}
          </Box>
        );
      })}
      {state.unavailable.map((u) => (
        <Text key={u} color={colour("yellow")} wrap="truncate">
          Unavailable: {u}
        </Text>
      ))}
      {state.busy ? <Text color={colour("yellow")}>{state.busy}...</Text> : null}
      {state.error ? (
        <Text color={colour("red")} wrap="wrap">
          Error: {state.error}
        </Text>
      ) : null}
    </Box>
  );
}
