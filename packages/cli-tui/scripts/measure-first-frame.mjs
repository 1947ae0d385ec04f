#!/usr/bin/env node
// Measures how long `bqdeploy ui` takes to show its first frame in a real terminal (tmux, 80x24).
//
//   node packages/cli-tui/scripts/measure-first-frame.mjs --repo DIR [--runs 10] [--expect TEXT]
//
// Each run: a fresh tmux session (own socket, so other tmux servers are untouched) runs a plain shell;
// once the shell is up, the clock starts and the command is typed with send-keys; capture-pane is polled
// every ~10 ms until the screen shows "1 Models" (the tab bar: the first frame) and then TEXT (the
// repository's content filled in, default: the first model folder's name). Then `q` is sent and the run
// checks that the shell is back on the main screen. Prints each run and the medians (ms), and the load
// average before and after. Build first: turbo run build --filter=@bqdeploy/cli-tui...
import { execFileSync, spawn } from "node:child_process";
import { readdirSync, rmSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    repo: { type: "string" },
    runs: { type: "string", default: "10" },
    expect: { type: "string" },
    command: { type: "string" },
    "poll-ms": { type: "string", default: "10" },
    "timeout-ms": { type: "string", default: "20000" },
    json: { type: "boolean", default: false },
  },
});
if (!values.repo) {
  process.stderr.write(
    "usage: measure-first-frame.mjs --repo DIR [--runs N] [--expect TEXT] [--command CMD]\n",
  );
  process.exit(2);
}
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const repo = resolve(values.repo);
const runs = Number(values.runs);
const pollMs = Number(values["poll-ms"]);
const timeoutMs = Number(values["timeout-ms"]);
const firstModel = readdirSync(repo).find((n) => statSync(join(repo, n)).isDirectory());
const expect = values.expect ?? firstModel;
const command = values.command ?? `NO_COLOR=1 node packages/cli-tui/dist/bin.js ui --repo ${repo}`;
const FRAME = "1 Models";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * One tmux control-mode client (`tmux -C`) for every command of a run: polling capture-pane by spawning
 * a tmux client every 10 ms would itself take a good part of a core from the program being measured.
 */
function controlClient(socket) {
  const child = spawn("tmux", ["-L", socket, "-C", "attach", "-t", "m"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const pending = [];
  let current;
  let skipAttach = true;
  createInterface({ input: child.stdout }).on("line", (line) => {
    if (line.startsWith("%begin ")) current = [];
    else if (current && (line.startsWith("%end ") || line.startsWith("%error "))) {
      const lines = current;
      current = undefined;
      if (skipAttach)
        skipAttach = false; // the answer to `attach` itself
      else pending.shift()?.(lines.join("\n"));
    } else if (current) current.push(line);
  });
  const run = (cmd) =>
    new Promise((done) => {
      pending.push(done);
      child.stdin.write(`${cmd}\n`);
    });
  return { run, close: () => child.stdin.end() };
}

async function once(i) {
  const socket = `bqdeploy-measure-${process.pid}-${i}`;
  const tmux = (...args) => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
  const shell = 'env -i PATH="$PATH" HOME="$HOME" TERM=xterm-256color bash --norc --noprofile';
  tmux("new-session", "-d", "-s", "m", "-x", "80", "-y", "24", "-c", root, shell);
  tmux("set-option", "-g", "window-size", "manual");
  const socketPath = tmux("display", "-p", "#{socket_path}").trim();
  const client = controlClient(socket);
  const capture = () => client.run("capture-pane -p -t m");
  const waitFor = async (predicate, what) => {
    const start = performance.now();
    for (;;) {
      if (predicate(await capture())) return performance.now();
      if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await sleep(pollMs);
    }
  };
  const quote = (text) => `'${text.replaceAll("'", "'\\''")}'`;
  try {
    await client.run("refresh-client -f no-output");
    const marker = `ready-${Math.random().toString(36).slice(2)}`;
    await client.run(`send-keys -t m ${quote(`PS1='$ '; clear; echo ${marker}`)} Enter`);
    await waitFor((s) => s.includes(marker) && !s.includes(`echo ${marker}`), "the shell");
    await client.run("send-keys -t m clear Enter");
    await waitFor((s) => !s.includes(marker), "clear");
    await sleep(100);
    const t0 = performance.now();
    await client.run(`send-keys -t m ${quote(command)} Enter`);
    const frame = await waitFor((s) => s.includes(FRAME), FRAME);
    const filled = expect ? await waitFor((s) => s.includes(FRAME) && s.includes(expect), expect) : frame;
    await client.run("send-keys -t m q");
    const flags = async () => (await client.run("display -p -t m '#{alternate_on} #{cursor_flag}'")).trim();
    const start = performance.now();
    while ((await flags()).split(" ")[0] !== "0") {
      if (performance.now() - start > timeoutMs) throw new Error("timed out waiting for q to exit");
      await sleep(pollMs);
    }
    return { frameMs: frame - t0, filledMs: filled - t0, restored: (await flags()) === "0 1" };
  } finally {
    client.close();
    try {
      tmux("kill-server");
    } catch {}
    rmSync(socketPath, { force: true });
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const print = (line) => process.stdout.write(`${line}\n`);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

const loadBefore = load();
const results = [];
for (let i = 0; i < runs; i++) {
  const r = await once(i);
  results.push(r);
  if (!values.json)
    print(
      `run ${i + 1}: first frame ${r.frameMs.toFixed(0)} ms, "${expect}" shown ${r.filledMs.toFixed(0)} ms, terminal restored after q: ${r.restored}`,
    );
}
const summary = {
  command,
  runs,
  medianFirstFrameMs: Math.round(median(results.map((r) => r.frameMs))),
  medianFilledMs: Math.round(median(results.map((r) => r.filledMs))),
  allRestored: results.every((r) => r.restored),
  loadBefore,
  loadAfter: load(),
  at: new Date().toISOString(),
};
if (values.json) print(JSON.stringify({ ...summary, results }));
else
  print(
    `median first frame ${summary.medianFirstFrameMs} ms, median "${expect}" shown ${summary.medianFilledMs} ms (${runs} runs); load average before ${summary.loadBefore}, after ${summary.loadAfter}; ${summary.at}`,
  );
