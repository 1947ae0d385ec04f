// `pnpm fixture:image`: builds bqdeploy/tf-serving-fake:test (or reuses it when up to date).
import { ensureFakeImage } from "./build-image.js";

const force = process.argv.includes("--force");
const result = await ensureFakeImage({ force, log: (line) => process.stderr.write(`${line}\n`) });
process.stdout.write(
  `${result.image} ${result.built ? "built" : "up to date"} (content hash ${result.hash})\n`,
);
