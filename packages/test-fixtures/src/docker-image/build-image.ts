import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build, type Plugin } from "esbuild";
import { repoRoot } from "../shared-models/locate.js";

const run = promisify(execFile);

/** The TF-Serving-like image's default name. */
export const FAKE_IMAGE = "bqdeploy/tf-serving-fake:test";
/** The image label holding the hash of what went into it; a different hash means rebuild. */
export const CONTENT_HASH_LABEL = "bqdeploy.content-hash";

const here = dirname(fileURLToPath(import.meta.url));
const SERVER_PATH = "/opt/bqdeploy/server.mjs";

export interface EnsureImageOptions {
  image?: string;
  /** Rebuild even when an image with the same content hash exists. */
  force?: boolean;
  log?: (line: string) => void;
}

export interface EnsureImageResult {
  image: string;
  hash: string;
  /** False when the existing image was reused. */
  built: boolean;
}

// Core's modules have no import-time side effects: marking them so lets esbuild leave out the parts of
// core the server does not use (Docker, Google Cloud and Kubernetes clients).
const coreWithoutSideEffects: Plugin = {
  name: "bqdeploy-core-side-effect-free",
  setup(b) {
    const coreSrc = join(repoRoot(), "packages", "core", "src");
    b.onResolve({ filter: /^(\.|@bqdeploy\/core$)/ }, async (args) => {
      if (args.pluginData === "again") return undefined;
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: "again",
      });
      if (resolved.errors.length > 0 || !resolved.path.startsWith(coreSrc)) return undefined;
      return { path: resolved.path, sideEffects: false };
    });
  },
};

/** A file of the bundled server: its name in /opt/bqdeploy and its bytes. */
export interface BundleFile {
  name: string;
  contents: Uint8Array;
}

/**
 * The image's server as one ES module plus the native addons it loads (copied beside it; Node built-ins
 * stay external, and so do optional native helpers that their packages load inside try/catch).
 */
export async function bundleServer(): Promise<BundleFile[]> {
  const result = await build({
    entryPoints: { server: join(here, "server", "entry.ts") },
    outdir: "/opt/bqdeploy",
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    loader: { ".node": "copy" },
    external: ["cpu-features", "*/sshcrypto.node"],
    conditions: ["@bqdeploy/source"],
    plugins: [coreWithoutSideEffects],
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: "silent",
  });
  return result.outputFiles.map((file) => ({ name: basename(file.path), contents: file.contents }));
}

/**
 * The hash of everything that goes into the image: core's and this folder's sources, the lockfile and
 * the Node version. Reading files is much cheaper than bundling, so an up-to-date image costs ~nothing.
 */
export async function sourceHash(): Promise<string> {
  const root = repoRoot();
  const digest = createHash("sha256").update(process.version);
  const roots = [join(root, "packages", "core", "src"), here, join(root, "pnpm-lock.yaml")];
  for (const path of roots) {
    const files = (await stat(path)).isDirectory()
      ? (await readdir(path, { recursive: true }))
          .filter((f) => /\.(ts|json)$/.test(f) && !f.endsWith(".test.ts"))
          .sort()
      : [""];
    for (const file of files) digest.update(file).update(await readFile(join(path, file)));
  }
  return digest.digest("hex").slice(0, 16);
}

/** The shared libraries `ldd` lists for a binary (absolute paths, the loader included). */
async function sharedLibraries(binary: string): Promise<string[]> {
  const { stdout } = await run("ldd", [binary]);
  return [...stdout.matchAll(/(?:=>\s*|^\s*)(\/\S+)/gm)].map((m) => m[1] ?? "").filter(Boolean);
}

async function imageHash(image: string): Promise<string | undefined> {
  try {
    const format = `{{index .Config.Labels "${CONTENT_HASH_LABEL}"}}`;
    const { stdout } = await run("docker", ["image", "inspect", "--format", format, image]);
    return stdout.trim();
  } catch {
    return undefined;
  }
}

/**
 * Makes sure the TF-Serving-like image exists and holds the current server, building it without any
 * registry: a root file system with the node binary, its shared libraries and the bundled server,
 * given to `docker import`. Reused when its content-hash label matches.
 */
export async function ensureFakeImage(options: EnsureImageOptions = {}): Promise<EnsureImageResult> {
  const image = options.image ?? FAKE_IMAGE;
  const hash = await sourceHash();
  if (!options.force && (await imageHash(image)) === hash) return { image, hash, built: false };
  options.log?.(`building ${image} (content hash ${hash})`);
  const bundle = await bundleServer();
  const rootfs = await mkdtemp(join(tmpdir(), "bqdeploy-image-"));
  try {
    const serverDir = join(rootfs, dirname(SERVER_PATH));
    await mkdir(serverDir, { recursive: true });
    for (const file of bundle) await writeFile(join(serverDir, file.name), file.contents);
    // node's shared libraries, and those of the native addons bundled beside the server.
    const addons = bundle.filter((f) => f.name.endsWith(".node")).map((f) => join(serverDir, f.name));
    const libraries = new Set<string>();
    for (const binary of [process.execPath, ...addons])
      for (const lib of await sharedLibraries(binary)) libraries.add(lib);
    for (const file of [process.execPath, ...libraries]) {
      const target = join(rootfs, file === process.execPath ? "/usr/bin/node" : file);
      await mkdir(dirname(target), { recursive: true });
      await copyFile(file, target);
    }
    for (const dir of ["models", "tmp"]) await mkdir(join(rootfs, dir), { recursive: true });
    await importRootfs(rootfs, image, [
      "ENV MODEL_BASE_PATH=/models",
      "ENV MODEL_NAME=model",
      "EXPOSE 8500 8501",
      `LABEL ${CONTENT_HASH_LABEL}=${hash}`,
      `ENTRYPOINT ["/usr/bin/node", "${SERVER_PATH}"]`,
    ]);
  } finally {
    await rm(rootfs, { recursive: true, force: true });
  }
  options.log?.(`built ${image}`);
  return { image, hash, built: true };
}

function importRootfs(rootfs: string, image: string, changes: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const tar = spawn("tar", ["-C", rootfs, "-c", "."], { stdio: ["ignore", "pipe", "inherit"] });
    const args = ["import", ...changes.flatMap((c) => ["--change", c]), "-", image];
    const docker = spawn("docker", args, { stdio: ["pipe", "ignore", "pipe"] });
    let stderr = "";
    docker.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    tar.stdout.pipe(docker.stdin);
    tar.on("error", reject);
    docker.on("error", reject);
    docker.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`docker import of ${image} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}
