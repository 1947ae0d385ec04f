import { BqdeployError } from "@bqdeploy/core";
import { describe, expect, it } from "vitest";
import { runCli } from "../testing/run-cli.js";
import { defineCommand } from "./command.js";

const echo = defineCommand({
  name: "echo",
  summary: "Prints its argument and the resolved port",
  positionals: [{ name: "WORD", description: "what to print", required: true }],
  options: {
    port: { type: "string", value: "N", description: "a port" },
    loud: { type: "boolean", description: "upper-case" },
  },
  async run({ positionals, options, settings, out }) {
    const word = options.loud ? positionals[0]!.toUpperCase() : positionals[0]!;
    out.result({ word, port: settings.port }, `${word} ${settings.port}`);
  },
});
const fails = defineCommand({
  name: "k8s fail",
  summary: "Always fails",
  async run() {
    throw new BqdeployError(
      "NOT_FOUND",
      "Model tip_model not found. Run `bqdeploy versions` to list models.",
    );
  },
});
const commands = [echo, fails];

describe("main", () => {
  it("runs a command and prints its human result", async () => {
    const r = await runCli(["echo", "hi", "--loud"], { commands });
    expect(r).toMatchObject({ code: 0, stdout: "HI 8501\n", stderr: "" });
  });

  it("prints JSON with --json and takes flags over the environment", async () => {
    const r = await runCli(["echo", "hi", "--json", "--port", "9000"], {
      commands,
      env: { BQDEPLOY_PORT: "7000" },
    });
    expect(JSON.parse(r.stdout)).toEqual({ word: "hi", port: 9000 });
  });

  it("exits 2 with one line for usage errors", async () => {
    for (const argv of [["echo"], ["echo", "a", "b"], ["echo", "a", "--nope"], ["nope"]]) {
      const r = await runCli(argv, { commands });
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("exits 2 naming the setting when a setting is invalid", async () => {
    const r = await runCli(["echo", "a"], { commands, env: { BQDEPLOY_PORT: "x" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/port \(from environment variable BQDEPLOY_PORT\)/);
  });

  it("maps core errors to exit 1 and prints JSON errors with --json", async () => {
    const human = await runCli(["k8s", "fail"], { commands });
    expect(human).toMatchObject({ code: 1, stdout: "" });
    expect(human.stderr).toBe(
      "bqdeploy: Model tip_model not found. Run `bqdeploy versions` to list models.\n",
    );
    const json = await runCli(["k8s", "fail", "--json"], { commands });
    expect(JSON.parse(json.stderr)).toEqual({
      error: { code: "NOT_FOUND", message: expect.stringContaining("not found") },
    });
  });

  it("shows help for the program and for each command", async () => {
    const all = await runCli(["--help"], { commands });
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/echo\s+Prints its argument/);
    expect(all.stdout).toMatch(/k8s fail\s+Always fails/);
    const one = await runCli(["echo", "--help"], { commands });
    expect(one.stdout).toMatch(/Usage: bqdeploy echo WORD \[options\]/);
    expect(one.stdout).toMatch(/--port N/);
  });
});
