/**
 * The TensorBundle key of one stored slice of a partitioned variable: TensorFlow's "ordered code"
 * of (0, name, rank, start_0, length_0, ...). The result is a latin1 string (one char per byte), the
 * form bundle keys starting with "\0" are held in.
 */
export function sliceKey(name: string, extents: readonly { start: number; length: number }[]): string {
  const out: number[] = [0];
  for (const byte of new TextEncoder().encode(name)) {
    if (byte === 0x00) out.push(0x00, 0xff);
    else if (byte === 0xff) out.push(0xff, 0x00);
    else out.push(byte);
  }
  out.push(0x00, 0x01);
  out.push(...unsignedIncreasing(extents.length));
  for (const { start, length } of extents) out.push(...signedIncreasing(start), ...signedIncreasing(length));
  return String.fromCharCode(...out);
}

/** Length byte, then the value big-endian in as few bytes as it needs (0 is just the length byte). */
function unsignedIncreasing(value: number): number[] {
  const bytes: number[] = [];
  for (let v = value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return [bytes.length, ...bytes];
}

/** Leading one-bits give the length; the value follows in two's complement, big-endian. */
function signedIncreasing(value: number): number[] {
  const magnitude = value < 0 ? -value - 1 : value;
  if (magnitude < 64) return [(0x80 ^ (value & 0xff)) & 0xff];
  const bits = Math.floor(Math.log2(magnitude)) + 1;
  const length = Math.ceil((bits + 1) / 7);
  const big = BigInt(value);
  const bytes: number[] = [];
  for (let i = length - 1; i >= 0; i--) bytes.push(Number(BigInt.asUintN(8, big >> BigInt(8 * i))));
  const header = length <= 8 ? [(0xff << (8 - length)) & 0xff, 0] : [0xff, (0xff << (16 - length)) & 0xff];
  bytes[0] = (bytes[0] as number) ^ (header[0] as number);
  bytes[1] = (bytes[1] as number) ^ (header[1] as number);
  return bytes;
}
