import { Box, Text } from "ink";
import { formatBytes } from "../../output/progress-bar.js";
import { etaSeconds, type JobRow, type JobsState } from "../state/jobs-reducer.js";
import { Bar } from "./Bar.js";
import { useColour } from "./theme.js";

const STEP_MARK = { pending: " ", started: ">", done: "x", failed: "!" } as const;

function JobView({ job, selected, width }: { job: JobRow; selected: boolean; width: number }) {
  const colour = useColour();
  const stateColour = job.state === "succeeded" ? "green" : job.state === "running" ? "yellow" : "red";
  const d = job.download;
  const eta = d ? etaSeconds(d) : undefined;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate" color={selected ? colour("cyan") : undefined}>
        {selected ? "> " : "  "}
        <Text color={colour(stateColour)}>{job.state.padEnd(10)}</Text>
        {job.title}
      </Text>
      <Text>
        {"    steps: "}
        {(["export", "download", "install"] as const)
          .filter((s) => s !== "export" || job.steps.export)
          .map((s) => `[${STEP_MARK[job.steps[s] ?? "pending"]}] ${s}`)
          .join("  ")}
        {job.exportState
          ? `  export ${job.exportState} ${Math.round((job.exportElapsedMs ?? 0) / 1000)}s`
          : ""}
      </Text>
      {d ? (
        <Box flexDirection="column">
          <Text>
            {"    "}
            <Bar done={d.bytesDone} total={d.bytesTotal} width={Math.max(10, Math.min(40, width - 20))} />
          </Text>
          <Text wrap="truncate">
            {"    "}
            {formatBytes(d.bytesDone)} / {formatBytes(d.bytesTotal)}, files {d.filesDone}/{d.filesTotal},{" "}
            {formatBytes(d.bytesPerSecond)}/s, ETA {eta === undefined ? "?" : `${eta}s`}
          </Text>
        </Box>
      ) : null}
      {job.result ? <Text color={colour("green")}>{`    installed ${job.result}`}</Text> : null}
      {job.error ? (
        <Text wrap="wrap" color={colour("red")}>
          {"    "}
          {job.error.code}: {job.error.message}
        </Text>
      ) : null}
    </Box>
  );
}

/** Export and download progress of every job, newest first. */
export function JobsScreen({ state, width }: { state: JobsState; width: number }) {
  if (state.jobs.length === 0)
    return <Text>No jobs yet. Pull a model from the Models screen (1, then p).</Text>;
  return (
    <Box flexDirection="column">
      {state.jobs.map((j, i) => (
        <JobView key={j.id} job={j} selected={i === state.selected} width={width} />
      ))}
    </Box>
  );
}
