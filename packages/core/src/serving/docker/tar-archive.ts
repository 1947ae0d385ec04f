/** A tar archive (ustar) holding one file and its parent folders, for the Engine's archive upload. */
export function singleFileTar(path: string, content: string | Buffer, mode = 0o644): Buffer {
  const parts = path.split("/").filter(Boolean);
  const blocks: Buffer[] = [];
  for (let i = 1; i < parts.length; i++)
    blocks.push(header(`${parts.slice(0, i).join("/")}/`, 0, 0o755, "5"));
  const body = typeof content === "string" ? Buffer.from(content) : content;
  blocks.push(
    header(parts.join("/"), body.length, mode, "0"),
    body,
    Buffer.alloc((512 - (body.length % 512)) % 512),
  );
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

function header(name: string, size: number, mode: number, type: "0" | "5"): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar: path too long: ${name}`);
  const block = Buffer.alloc(512);
  const octal = (value: number, length: number): string => `${value.toString(8).padStart(length - 1, "0")}\0`;
  block.write(name, 0, 100);
  block.write(octal(mode, 8), 100);
  block.write(octal(0, 8), 108);
  block.write(octal(0, 8), 116);
  block.write(octal(size, 12), 124);
  block.write(octal(Math.floor(Date.now() / 1000), 12), 136);
  block.write("        ", 148);
  block.write(type, 156);
  block.write("ustar\0", 257);
  block.write("00", 263);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return block;
}
