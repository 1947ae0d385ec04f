#!/usr/bin/env node
// Installs the workspace on a machine that has only Node.js and npm.
// pnpm itself is a root devDependency, so after the first install it is on the PATH of every
// `npm run` script (turbo calls it to run package scripts). The first install borrows pnpm via npx.
// A stamp of the lockfile and manifests skips the install when nothing changed.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const PNPM = "pnpm@10.34.8";
const root = join(import.meta.dirname, "..");
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 18)) {
  console.error(`bqdeploy needs Node.js >= 20.18 (this is ${process.versions.node}).`);
  process.exit(1);
}

function manifestHash() {
  const hash = createHash("sha256");
  const files = ["package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml"];
  for (const dir of ["packages", "bench"]) {
    const base = join(root, dir);
    if (!existsSync(base)) continue;
    if (existsSync(join(base, "package.json"))) files.push(join(dir, "package.json"));
    for (const name of readdirSync(base)) {
      const manifest = join(dir, name, "package.json");
      if (existsSync(join(root, manifest))) files.push(manifest);
    }
  }
  for (const file of files) {
    const path = join(root, file);
    hash.update(file).update(existsSync(path) ? readFileSync(path) : "");
  }
  return hash.digest("hex");
}

const stamp = join(root, "node_modules", ".bqdeploy-install-stamp");
const wanted = manifestHash();
const localPnpm = join(root, "node_modules", "pnpm", "bin", "pnpm.cjs");
if (existsSync(stamp) && existsSync(localPnpm) && readFileSync(stamp, "utf8") === wanted) process.exit(0);

const frozen = existsSync(join(root, "pnpm-lock.yaml")) && process.env.BQDEPLOY_UNFROZEN !== "1";
const args = ["install", frozen ? "--frozen-lockfile" : "--no-frozen-lockfile", "--reporter=append-only"];
console.error(`bqdeploy: installing dependencies (pnpm ${args.join(" ")})...`);
const opts = { cwd: root, stdio: "inherit", env: { ...process.env, npm_config_update_notifier: "false" } };
if (existsSync(localPnpm)) execFileSync(process.execPath, [localPnpm, ...args], opts);
else execFileSync("npx", ["--yes", PNPM, ...args], { ...opts, shell: process.platform === "win32" });
writeFileSync(stamp, wanted);
