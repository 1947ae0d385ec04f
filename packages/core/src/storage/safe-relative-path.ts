import { BqdeployError } from "../errors/index.js";

/**
 * The path, relative to the download folder, where object `objectName` listed under `prefix` goes.
 * GCS object names are untrusted: names with `..` or `.` segments, empty segments, a leading `/`,
 * backslashes, a drive letter, NUL or other control characters are refused with UNSAFE_OBJECT_NAME,
 * so a download can never write outside its target. Pure: no file system access.
 */
export function safeRelativePath(objectName: string, prefix: string): string {
  const refuse = (why: string): never => {
    throw new BqdeployError(
      "UNSAFE_OBJECT_NAME",
      `Refusing to download object ${JSON.stringify(objectName)}: ${why}. Nothing was written; check who can write to this bucket and re-export the model.`,
      { details: { object: objectName } },
    );
  };
  if (!objectName.startsWith(prefix)) refuse(`it is not under the prefix "${prefix}"`);
  const relative = objectName.slice(prefix.length);
  if (relative === "") refuse("it names the export folder itself");
  if (/[\u0000-\u001f\u007f]/.test(relative)) refuse("it contains a NUL or control character");
  if (relative.includes("\\")) refuse("it contains a backslash");
  if (relative.startsWith("/")) refuse("it is an absolute path");
  if (/^[A-Za-z]:/.test(relative)) refuse("it starts with a drive letter");
  for (const segment of relative.split("/")) {
    if (segment === "..") refuse("it has a '..' segment that climbs out of the folder");
    if (segment === ".") refuse("it has a '.' segment");
    if (segment === "") refuse("it has an empty path segment");
  }
  return relative;
}
