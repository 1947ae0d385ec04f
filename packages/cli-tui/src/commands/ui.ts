import { resolve } from "node:path";
import { defineCommand, UsageError } from "../cli/command.js";

/**
 * `bqdeploy ui`: the full-screen terminal UI. React and Ink load only here (a dynamic import), and core's
 * services load while the first frame is on screen (commands/ui-services.ts).
 */
export const uiCommand = defineCommand({
  name: "ui",
  summary: "Full-screen terminal UI: models, deployments, logs, predict, jobs",
  options: {
    repo: { type: "string", value: "DIR", description: "Model repository folder (default ./models)" },
    "storage-endpoint": {
      type: "string",
      value: "URL",
      description: "Cloud Storage endpoint for pulls (an emulator or fake)",
    },
  },
  details: ["Keys: tab / shift+tab screens, arrows move, enter confirms, esc closes, ? help, q quits."].join(
    "\n",
  ),
  async run(ctx) {
    const stdin = ctx.io.stdin as NodeJS.ReadStream;
    if (!ctx.io.stdout.isTTY || !stdin.isTTY)
      throw new UsageError("bqdeploy ui needs a terminal; for scripts use the other commands (see --help).");
    const repo = resolve(ctx.io.cwd, ctx.settings.repo);
    const { runUi } = await loadingInkLive(() => import("../ui/run-ui.js"));
    const { colourFromEnv } = await import("../ui/components/theme.js");
    // Compiled and made after the first frame is drawn (render is synchronous; this import is not).
    const created = import("./ui-services.js").then((m) => m.createUiServices(ctx, repo));
    try {
      await runUi({
        services: created.then((c) => c.services),
        repoLabel: repo,
        colour: colourFromEnv(ctx.io.env),
        stdin,
        stdout: ctx.io.stdout as NodeJS.WriteStream,
        stderr: ctx.io.stderr as NodeJS.WriteStream,
        signal: ctx.signal,
      });
    } finally {
      await created.then(
        (c) => c.close(),
        () => undefined,
      );
    }
    return 0;
  },
});

/**
 * Ink draws only the last frame, at exit, when it believes it runs in CI (is-in-ci reads CI as Ink's
 * modules load). The UI only runs in a terminal, where frames must be live: CI is masked while Ink loads.
 */
async function loadingInkLive<T>(load: () => Promise<T>): Promise<T> {
  const saved = process.env.CI;
  process.env.CI = "false";
  try {
    return await load();
  } finally {
    if (saved === undefined) delete process.env.CI;
    else process.env.CI = saved;
  }
}
