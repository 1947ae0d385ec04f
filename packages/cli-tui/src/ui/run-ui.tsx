import type { Runtime } from "@bqdeploy/core";
import { render } from "ink";
import type { UiServices } from "./services.js";
import { App } from "./components/App.js";
import { ColourContext } from "./components/theme.js";

/** Switches to the alternate screen and hides nothing else; undone by LEAVE_ALTERNATE_SCREEN. */
export const ENTER_ALTERNATE_SCREEN = "\x1b[?1049h\x1b[H\x1b[2J";
/** Back to the main screen as it was, cursor shown. */
export const LEAVE_ALTERNATE_SCREEN = "\x1b[?1049l\x1b[?25h";

export interface RunUiOptions {
  /** A promise while they load: the first frame does not wait for core (see App). */
  services: UiServices | Promise<UiServices>;
  repoLabel: string;
  colour: boolean;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Unmounts the UI (SIGINT/SIGTERM). */
  signal?: AbortSignal;
}

/**
 * Runs the full-screen UI on the alternate screen until the user quits (q, ctrl+c) or the signal aborts,
 * then restores the terminal and stops the deployments this process runs (the embedded ones).
 */
export async function runUi(options: RunUiOptions): Promise<void> {
  const { stdout, services } = options;
  stdout.write(ENTER_ALTERNATE_SCREEN);
  try {
    const instance = render(
      <ColourContext.Provider value={options.colour}>
        <App services={services} repoLabel={options.repoLabel} />
      </ColourContext.Provider>,
      { stdin: options.stdin, stdout, stderr: options.stderr, exitOnCtrlC: false, patchConsole: true },
    );
    const onAbort = () => instance.unmount();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      await instance.waitUntilExit();
    } finally {
      options.signal?.removeEventListener("abort", onAbort);
      instance.cleanup();
    }
  } finally {
    stdout.write(LEAVE_ALTERNATE_SCREEN);
    await stopEmbedded(services);
  }
}

async function stopEmbedded(given: UiServices | Promise<UiServices>): Promise<void> {
  let services: UiServices;
  try {
    services = await given;
  } catch {
    return; // never made: nothing runs (the error ends runUi)
  }
  // The embedded runtime's own list: the registry's would also ask Docker (loading its client) to quit.
  let embedded: Runtime;
  try {
    embedded = services.deployments.runtime("embedded");
  } catch {
    return; // not offered: nothing runs in this process
  }
  const deployments = await embedded.list();
  await Promise.allSettled(deployments.map((d) => embedded.stop(d.id)));
}
