// Child process for lock tests: installs the same export N times into a repository.
import { ModelRepository } from "../model-repository.js";

const [root, model, dir, count] = process.argv.slice(2);
if (!root || !model || !dir || !count) throw new Error("usage: install-many.ts <root> <model> <dir> <count>");
const repo = new ModelRepository(root, { lockWaitMs: 20_000 });
const versions: number[] = [];
for (let i = 0; i < Number(count); i++) versions.push((await repo.installFromFolder(model, dir)).version);
process.stdout.write(`${JSON.stringify(versions)}\n`);
