import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

/**
 * Starts `node --import tsx <script> ...args` (a file name in this folder, or a file: URL). stdout and
 * stderr are collected as text; stdin is a pipe the test may write to.
 */
export function spawnScript(script: string | URL, args: string[]): ChildProcess & { output: () => string } {
  const path = fileURLToPath(typeof script === "string" ? new URL(script, import.meta.url) : script);
  const child = spawn(process.execPath, ["--import", "tsx", path, ...args], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  return Object.assign(child, { output: () => out });
}

/** Resolves when the child has printed `text` (rejects if it exits first). */
export async function waitForOutput(
  child: ReturnType<typeof spawnScript>,
  text: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!child.output().includes(text)) {
    if (child.exitCode !== null) throw new Error(`child exited (${child.exitCode}): ${child.output()}`);
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${JSON.stringify(text)}: ${child.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resolves with the exit code. */
export async function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const [code] = await once(child, "exit");
  return code as number | null;
}
