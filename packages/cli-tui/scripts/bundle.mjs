#!/usr/bin/env node
// Bundles the `bqdeploy` command (src/bin.ts) with esbuild into dist/bin.js and a few chunks beside it,
// so that starting it reads a handful of files instead of ~1,700 small modules (Node 20 has no compile
// cache; resolving and compiling every file of ink, undici, zod, ... was most of `bqdeploy ui`'s start).
//
// - Code splitting keeps the dynamic imports lazy: React/Ink and the UI are chunks that only `bqdeploy ui`
//   loads; scripted commands never load them.
// - Not bundled (loaded from node_modules when first used, as before): the SDKs core loads lazily
//   (dockerode, the Google Cloud SDKs, @kubernetes/client-node), and the workspace packages loaded only by
//   one command (@bqdeploy/api for `api`, @bqdeploy/test-fixtures for `demo`).
// - `import.meta.url` in bundled workspace sources still means the original source file, so core's
//   createRequire(import.meta.url) finds core's own dependencies (dockerode, the Google SDKs).
// - Source maps (dist/*.js.map) point at the TypeScript sources: `node --enable-source-maps` for stacks.
//
// Run after tsc (see the build script); dist/ is a build output, never committed.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const workspace = resolve(pkg, "..");
const outdir = join(pkg, "dist");

/** Loaded on first use from the package that depends on them; never part of the bundle. */
const LAZY_SDKS = ["dockerode", "@google-cloud/bigquery", "@google-cloud/storage", "@kubernetes/client-node"];
/** Workspace packages only one command loads (they resolve from this package's node_modules). */
const EXTERNAL_PACKAGES = ["@bqdeploy/api", "@bqdeploy/test-fixtures"];

const isPackage = (spec, names) => names.some((n) => spec === n || spec.startsWith(`${n}/`));
/** A relative import specifier from a file in dist/ (every output file is there, no subfolders). */
const fromOutdir = (file) => {
  const rel = relative(outdir, file).split(sep).join("/");
  return rel.startsWith(".") ? rel : `./${rel}`;
};

/** Keeps the lazy SDKs out, pointing at the copy the importing package resolves (pnpm: no hoisting). */
const lazySdks = {
  name: "lazy-sdks",
  setup(build) {
    build.onResolve({ filter: /^[@a-z]/ }, (args) => {
      if (isPackage(args.path, EXTERNAL_PACKAGES)) return { path: args.path, external: true };
      if (!isPackage(args.path, LAZY_SDKS)) {
        // A bundled CommonJS package reached by import() is given only a default export (no named
        // ones, unlike in Node): import a module of our own that re-exports what is needed instead.
        if (args.kind === "dynamic-import" && !isBuiltin(args.path))
          return {
            errors: [
              { text: `import("${args.path}") of a bundled package: re-export it from a module of ours` },
            ],
          };
        return undefined;
      }
      const target = createRequire(args.importer).resolve(args.path);
      return { path: fromOutdir(target), external: true };
    });
  },
};

/** In workspace sources, `import.meta.url` keeps naming the source file (relative to the output file). */
const sourceMetaUrl = {
  name: "source-import-meta-url",
  setup(build) {
    build.onLoad({ filter: /\.tsx?$/ }, (args) => {
      if (!args.path.startsWith(workspace + sep) || args.path.includes(`${sep}node_modules${sep}`)) return;
      const text = readFileSync(args.path, "utf8");
      if (!text.includes("import.meta.url")) return undefined;
      const url = `new URL(${JSON.stringify(fromOutdir(args.path))}, import.meta.url).href`;
      return {
        contents: text.replaceAll("import.meta.url", url),
        loader: args.path.endsWith("x") ? "tsx" : "ts",
      };
    });
  },
};

/**
 * yoga-layout (Ink's layout engine) embeds its WebAssembly as a data: URL and reads it with fetch() when
 * fetch exists; in Node that first call loads Node's whole fetch implementation (~100 ms on this
 * project's machines) to decode a string. Without fetch in its scope, the same code decodes the URL
 * itself (atob) and instantiates the same module.
 */
const yogaWithoutFetch = {
  name: "yoga-without-fetch",
  setup(build) {
    build.onLoad({ filter: /[\\/]yoga-layout[\\/].*yoga-wasm-base64-esm\.js$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      if (!text.includes('"function"!=typeof fetch'))
        throw new Error(`${args.path}: the fetch check this build relies on has changed; revisit bundle.mjs`);
      return { contents: `const fetch = undefined;\n${text}`, loader: "js" };
    });
  },
};

// Old chunks (their names carry hashes) go; tsc's output in subfolders stays.
if (existsSync(outdir))
  for (const name of readdirSync(outdir))
    if (/^(bin|chunk-.*|bqdeploy-.*)\.js(\.map)?$/.test(name)) rmSync(join(outdir, name));

const result = await esbuild.build({
  entryPoints: { bin: join(pkg, "src/bin.ts") },
  outdir,
  entryNames: "[name]",
  chunkNames: "bqdeploy-[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Our packages' TypeScript sources (as the tests read them); everything else as Node resolves it.
  conditions: ["@bqdeploy/source"],
  mainFields: ["module", "main"],
  sourcemap: "linked",
  sourcesContent: false,
  legalComments: "none",
  logLevel: "warning",
  metafile: true,
  define: { "process.env.NODE_ENV": '"production"' },
  // Bundled CommonJS (undici, ...) calls require() for Node's modules.
  banner: {
    js: 'import { createRequire as __bqdeployRequire } from "node:module"; const require = __bqdeployRequire(import.meta.url);',
  },
  // Ink loads react-devtools-core only with DEV=true; it is not installed (Ink then prints a hint).
  external: ["react-devtools-core"],
  plugins: [lazySdks, sourceMetaUrl, yogaWithoutFetch],
});

if (process.argv.includes("--analyze")) process.stdout.write(await esbuild.analyzeMetafile(result.metafile));
if (process.env.BUNDLE_META)
  (await import("node:fs")).writeFileSync(process.env.BUNDLE_META, JSON.stringify(result.metafile));
