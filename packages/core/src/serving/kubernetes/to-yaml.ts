import { stringify } from "yaml";
import type { KubeObject } from "./types.js";

/** A multi-document YAML stream (`---` between objects), as `kubectl apply -f -` reads it. */
export function toYaml(objects: readonly KubeObject[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0 })).join("---\n");
}
