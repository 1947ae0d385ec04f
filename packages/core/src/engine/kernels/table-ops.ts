import { BqdeployError } from "../../errors/index.js";
import { invalidArgument, shapeText } from "../tensor/errors.js";
import { scalar, uninitialized } from "../tensor/tensors.js";
import { fingerprint64 } from "./fingerprint64.js";
import { resourceAt, tensorAt } from "./inputs.js";
import type { KernelDef } from "./kernel.js";
import { LookupTable } from "./lookup-table.js";

/** TF1 Estimator exports' table ops (class-name tables, vocabulary sizes) and string hashing. */

function tableAt(inputs: Parameters<KernelDef["run"]>[1], op: string): LookupTable {
  const h = resourceAt(inputs, 0, op);
  if (!(h.resource instanceof LookupTable)) throw invalidArgument(`${op} expects a lookup table handle`);
  return h.resource;
}

const utf8 = new TextEncoder();

/** StringToHashBucketFast: Fingerprint64(s) mod num_buckets, as int64. */
export function hashBuckets(values: readonly string[], shape: number[], buckets: number) {
  const out = uninitialized("DT_INT64", shape);
  const dst = out.data as Float64Array;
  if (buckets === 1) return out; // every string lands in bucket 0; no need to hash
  const n = BigInt(buckets);
  for (let i = 0; i < values.length; i++) dst[i] = Number(fingerprint64(utf8.encode(values[i]!)) % n);
  return out;
}

export const tableKernels: [string, KernelDef][] = [
  [
    "LookupTableImportV2",
    {
      stateful: true,
      run: (_ctx, inputs) => {
        const table = tableAt(inputs, "LookupTableImportV2");
        const keys = tensorAt(inputs, 1, "LookupTableImportV2");
        const values = tensorAt(inputs, 2, "LookupTableImportV2");
        if (keys.data.length !== values.data.length) {
          throw new BqdeployError(
            "MODEL_CORRUPT",
            `Lookup table ${table.name}: ${keys.data.length} keys but ${values.data.length} values (shapes ${shapeText(keys.shape)} and ${shapeText(values.shape)}); re-export the model.`,
          );
        }
        if (table.initialized) return [];
        for (let i = 0; i < keys.data.length; i++) table.insert(keys.data[i]!, values.data[i]!);
        table.initialized = true;
        return [];
      },
    },
  ],
  [
    "LookupTableSizeV2",
    {
      stateful: true,
      outputArgs: ["size"],
      run: (_ctx, inputs) => [scalar("DT_INT64", tableAt(inputs, "LookupTableSizeV2").size)],
    },
  ],
  [
    "StringToHashBucketFast",
    {
      outputArgs: ["output"],
      check: (attrs) => (attrs.int("num_buckets") >= 1 ? undefined : "num_buckets must be >= 1"),
      run: (_ctx, inputs, attrs) => {
        const t = tensorAt(inputs, 0, "StringToHashBucketFast");
        if (!Array.isArray(t.data)) throw invalidArgument("StringToHashBucketFast expects strings");
        return [hashBuckets(t.data, t.shape, attrs.int("num_buckets"))];
      },
    },
  ],
];
