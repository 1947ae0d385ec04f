import { Console } from "node:console";
import { EventEmitter } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BqdeployError,
  DeploymentRegistry,
  EmbeddedRuntime,
  JobRegistry,
  ModelRepository,
  type Runtime,
  TfServingClient,
} from "@bqdeploy/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { App } from "./components/App.js";
import { ENTER_ALTERNATE_SCREEN, LEAVE_ALTERNATE_SCREEN, runUi } from "./run-ui.js";
import type { UiServices } from "./services.js";
import { renderUi } from "./testing/render-ui.js";

// Under CI=true Ink prints only the last frame, at exit; `bqdeploy ui` masks CI while Ink loads
// (commands/ui.ts), and so does this file, which imports Ink statically.
vi.hoisted(() => {
  process.env.CI = "false";
});

/** A terminal as Ink sees it: a TTY stdout that records what is written, a TTY stdin we type into. */
class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  readonly columns = 80;
  readonly rows = 24;
  output = "";
  write = (text: string): boolean => {
    this.output += text;
    return true;
  };
}
class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  type(text: string): void {
    this.data = text;
    this.emit("readable");
    this.emit("data", text);
  }
  read = (): string | null => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

const until = async (test: () => boolean, what: string) => {
  const deadline = Date.now() + 10_000;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 10));
  }
};

let work: string;
let services: UiServices;
beforeAll(async () => {
  // runUi routes console output through Ink (patchConsole), which needs the Console class vitest's console lacks.
  (console as { Console?: typeof Console }).Console ??= Console;
  work = await mkdtemp(join(tmpdir(), "bqdeploy-run-ui-"));
  services = {
    repository: new ModelRepository(join(work, "models")),
    deployments: new DeploymentRegistry({ embedded: new EmbeddedRuntime() }),
    jobs: new JobRegistry(),
    client: (url) => new TfServingClient({ url, retries: 0 }),
  };
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe("the UI while core's services load", () => {
  it("draws its first frame without them; q quits and restores the terminal", async () => {
    const stdout = new FakeStdout();
    const stdin = new FakeStdin();
    const pending = deferred<UiServices>();
    const done = runUi({
      services: pending.promise,
      repoLabel: "test-repo",
      colour: false,
      stdin: stdin as unknown as NodeJS.ReadStream,
      stdout: stdout as unknown as NodeJS.WriteStream,
      stderr: new FakeStdout() as unknown as NodeJS.WriteStream,
    });
    await until(() => stdout.output.includes("Loading the repository..."), "the first frame");
    expect(stdout.output.startsWith(ENTER_ALTERNATE_SCREEN)).toBe(true);
    expect(stdout.output).toContain("[1 Models]");
    stdin.type("q");
    pending.resolve(services);
    await done;
    expect(stdout.output.endsWith(LEAVE_ALTERNATE_SCREEN)).toBe(true);
  });

  it("stops the deployments this process runs (the embedded ones) when it quits", async () => {
    const stopped: string[] = [];
    const embedded = {
      list: async () => [{ id: "tip_model", runtime: "embedded" }],
      stop: async (id: string) => {
        stopped.push(id);
      },
    } as unknown as Runtime;
    const docker = {
      list: async () => [{ id: "other", runtime: "docker" }],
      stop: async (id: string) => {
        stopped.push(id);
      },
    } as unknown as Runtime;
    const stdout = new FakeStdout();
    const stdin = new FakeStdin();
    const done = runUi({
      services: { ...services, deployments: new DeploymentRegistry({ embedded, docker }), refreshMs: 60_000 },
      repoLabel: "test-repo",
      colour: false,
      stdin: stdin as unknown as NodeJS.ReadStream,
      stdout: stdout as unknown as NodeJS.WriteStream,
      stderr: new FakeStdout() as unknown as NodeJS.WriteStream,
    });
    await until(() => stdout.output.includes("[1 Models]"), "the first frame");
    stdin.type("q");
    await done;
    expect(stopped).toEqual(["tip_model"]);
  });

  it("ends with the error when the services cannot be made (e.g. a bad DOCKER_HOST)", async () => {
    const stdout = new FakeStdout();
    const failure = new BqdeployError("INVALID_CONFIG", 'DOCKER_HOST "ssh://x" is not understood');
    await expect(
      runUi({
        services: Promise.reject(failure),
        repoLabel: "test-repo",
        colour: false,
        stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
        stdout: stdout as unknown as NodeJS.WriteStream,
        stderr: new FakeStdout() as unknown as NodeJS.WriteStream,
      }),
    ).rejects.toBe(failure);
    expect(stdout.output.endsWith(LEAVE_ALTERNATE_SCREEN)).toBe(true);
  });

  it("changes screens at once; a screen's own keys wait for the services", async () => {
    const pending = deferred<UiServices>();
    const ui = renderUi(<App services={pending.promise} repoLabel="test-repo" />);
    try {
      await ui.waitFor("Loading the repository...");
      await ui.press("2");
      await ui.waitFor("[2 Deployments]");
      await ui.press("1");
      await ui.press("p");
      expect(ui.lastFrame()).not.toContain("Pull a new version");
      pending.resolve(services);
      await ui.waitFor("No models yet");
      await ui.press("p");
      await ui.waitFor("Pull a new version");
    } finally {
      ui.unmount();
    }
  });
});
