import { BqdeployError } from "../../errors/index.js";
import { dtypeName } from "../tensor/dtypes.js";
import { invalidArgument } from "../tensor/errors.js";
import { strings } from "../tensor/tensors.js";
import type { NodeAttrs } from "./attrs.js";
import { resourceAt, tensorAt } from "./inputs.js";
import type { KernelContext, KernelDef, ResourceHandle } from "./kernel.js";
import { LookupTable } from "./lookup-table.js";
import { initializeFromTextFile } from "./table-init.js";

/** TF shares a resource by shared_name; without one, the node name is the key. */
function resourceKey(ctx: KernelContext, attrs: NodeAttrs): string {
  const shared = attrs.string("shared_name");
  return shared !== "" && !(attrs.has("use_node_name_sharing") && attrs.bool("use_node_name_sharing"))
    ? shared
    : ctx.nodeName;
}

function handle<R>(key: string, resource: R): ResourceHandle<R> {
  return { kind: "resource", key, resource };
}

function tableAt(inputs: Parameters<KernelDef["run"]>[1], op: string): LookupTable {
  const h = resourceAt(inputs, 0, op);
  if (!(h.resource instanceof LookupTable)) throw invalidArgument(`${op} expects a lookup table handle`);
  return h.resource;
}

/** A variable handle: its key names the checkpoint value bound at load. */
interface VariableRef {
  key: string;
}

export const resourceKernels: [string, KernelDef][] = [
  [
    "VarHandleOp",
    {
      defaults: { container: "", shared_name: "" },
      outputArgs: ["resource"],
      run: (ctx, _inputs, attrs) => {
        const key = resourceKey(ctx, attrs);
        return [
          handle(
            key,
            ctx.resources.obtain<VariableRef>(`var:${key}`, () => ({ key })),
          ),
        ];
      },
    },
  ],
  [
    "ReadVariableOp",
    {
      outputArgs: ["value"],
      run: (ctx, inputs, attrs) => {
        const h = resourceAt(inputs, 0, "ReadVariableOp");
        const value = ctx.resources.variableValue(h.key);
        if (value === undefined) {
          throw new BqdeployError(
            "MODEL_CORRUPT",
            `Variable ${h.key} has no value in variables/: the export is incomplete or corrupt; download it again.`,
          );
        }
        const dtype = attrs.type("dtype");
        if (value.dtype !== dtype) {
          throw invalidArgument(
            `Trying to read variable ${h.key} with wrong dtype. Expected ${dtypeName(dtype)} got ${dtypeName(value.dtype)}`,
          );
        }
        return [value];
      },
    },
  ],
  [
    "HashTableV2",
    {
      defaults: { container: "", shared_name: "", use_node_name_sharing: false },
      outputArgs: ["table_handle"],
      run: (ctx, _inputs, attrs) => {
        const key = resourceKey(ctx, attrs);
        const create = (): LookupTable =>
          new LookupTable(ctx.nodeName, attrs.type("key_dtype"), attrs.type("value_dtype"));
        return [handle(key, ctx.resources.obtain(`table:${key}`, create))];
      },
    },
  ],
  [
    "InitializeTableFromTextFileV2",
    {
      stateful: true,
      defaults: { vocab_size: -1, delimiter: "\t", offset: 0 },
      run: (_ctx, inputs, attrs) => {
        const table = tableAt(inputs, "InitializeTableFromTextFileV2");
        if (table.initialized) return [];
        const [path] = strings(tensorAt(inputs, 1, "InitializeTableFromTextFileV2"), "filename");
        initializeFromTextFile(table, {
          path: path ?? "",
          keyIndex: attrs.int("key_index"),
          valueIndex: attrs.int("value_index"),
          vocabSize: attrs.int("vocab_size"),
          delimiter: attrs.string("delimiter"),
          offset: attrs.int("offset"),
        });
        return [];
      },
    },
  ],
  [
    "LookupTableFindV2",
    {
      stateful: true,
      // Tables are immutable once initialised (no op inserts at request time).
      pureAfterInit: true,
      outputArgs: ["values"],
      run: (_ctx, inputs) => {
        const table = tableAt(inputs, "LookupTableFindV2");
        if (!table.initialized) {
          throw new BqdeployError("FAILED_PRECONDITION", `Table ${table.name} not initialized.`);
        }
        return [
          table.find(tensorAt(inputs, 1, "LookupTableFindV2"), tensorAt(inputs, 2, "LookupTableFindV2")),
        ];
      },
    },
  ],
];
