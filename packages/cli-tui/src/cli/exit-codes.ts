import type { ErrorCode } from "@bqdeploy/core";

/** 0 success, 1 failure, 2 usage error. Core error codes that mean "you called it wrong" map to 2. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const USAGE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(["INVALID_CONFIG"]);

export function exitCodeFor(code: ErrorCode): number {
  return USAGE_CODES.has(code) ? EXIT_USAGE : EXIT_FAILURE;
}
