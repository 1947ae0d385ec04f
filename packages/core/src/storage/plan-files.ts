import { join, sep } from "node:path";
import { BqdeployError } from "../errors/index.js";
import type { ExportObject } from "./list-export.js";
import { safeRelativePath } from "./safe-relative-path.js";

/** One object and where it goes. */
export interface PlannedFile {
  object: ExportObject;
  relative: string;
  path: string;
}

/** Maps objects to safe destinations; refuses the whole export if any name is unsafe. */
export function planFiles(objects: ExportObject[], prefix: string, root: string): PlannedFile[] {
  const plan: PlannedFile[] = [];
  for (const object of objects) {
    // "folder/" placeholders some tools create are not files.
    if (object.name.endsWith("/") && object.size === 0) continue;
    const relative = safeRelativePath(object.name, prefix);
    const path = join(root, ...relative.split("/"));
    if (!path.startsWith(root + sep)) {
      throw new BqdeployError(
        "UNSAFE_OBJECT_NAME",
        `Refusing object ${JSON.stringify(object.name)}: it resolves outside ${root}.`,
        {
          details: { object: object.name },
        },
      );
    }
    plan.push({ object, relative, path });
  }
  return plan;
}
