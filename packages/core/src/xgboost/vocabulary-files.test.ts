import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readVocabularies } from "./vocabulary-files.js";

describe("readVocabularies", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "bqdeploy-vocab-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("sorts files by kind and feature index; newer names win over legacy ones", async () => {
    await writeFile(join(dir, "0.txt"), "_null_filler\nold\n");
    await writeFile(join(dir, "0_categorical_label.txt"), "_null_filler\r\nnew\r\n");
    await writeFile(join(dir, "1_array.txt"), "_null_filler\np\n");
    await writeFile(join(dir, "2_categorical_one_hot.txt"), "x\ny\n");
    await writeFile(join(dir, "3_array_struct_dimension.txt"), "12\n");
    await writeFile(join(dir, "4_array_numerical_length.txt"), "3");
    await writeFile(join(dir, "notes.txt"), "ignored");
    const v = await readVocabularies(dir);
    expect(v.categoricalLabel.get(0)).toEqual(["_null_filler", "new"]);
    expect(v.arrayOneHot.get(1)).toEqual(["_null_filler", "p"]);
    expect(v.categoricalOneHot.get(2)).toEqual(["x", "y"]);
    expect(v.arrayStructDimension.get(3)).toBe(12);
    expect(v.arrayNumericalLength.get(4)).toBe(3);
  });

  it("reads target tables: value then one number per class, the last repeated line winning", async () => {
    await writeFile(join(dir, "0_categorical_target.txt"), "a,0.5,1\nb,2,0\na,3,4\n");
    const table = (await readVocabularies(dir)).categoricalTarget.get(0)!;
    expect(table.width).toBe(2);
    expect(Array.from(table.values.get("a")!)).toEqual([3, 4]);
  });

  it("names the file and line of a malformed target table or count", async () => {
    await writeFile(join(dir, "5_array_target.txt"), "a,1\nb,x\n");
    await expect(readVocabularies(dir)).rejects.toThrow(
      /assets\/5_array_target\.txt: line 2 \("b,x"\) is not "value,number/,
    );
    await writeFile(join(dir, "5_array_target.txt"), "a,1\nb,1,2\n");
    await expect(readVocabularies(dir)).rejects.toThrow(/line 2 has 2 numbers, line 1 has 1/);
    await rm(join(dir, "5_array_target.txt"));
    await writeFile(join(dir, "6_array_struct_dimension.txt"), "many");
    await expect(readVocabularies(dir)).rejects.toMatchObject({ code: "MODEL_CORRUPT" });
  });
});
