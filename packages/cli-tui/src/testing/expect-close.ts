import { expect } from "vitest";

/** Compares numbers within TF's rule abs(a - e) <= tol * max(1, |e|), everything else exactly. */
export function expectClose(
  actual: unknown,
  expected: unknown,
  tolerance: number,
  path = "$",
  absolute = false,
): void {
  if (typeof expected === "number") {
    expect(typeof actual, path).toBe("number");
    const bound = absolute ? tolerance : tolerance * Math.max(1, Math.abs(expected));
    expect(Math.abs((actual as number) - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
      bound,
    );
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, path).toBe(expected.length);
    expected.forEach((e, i) => {
      expectClose((actual as unknown[])[i], e, tolerance, `${path}[${i}]`, absolute);
    });
  } else if (expected !== null && typeof expected === "object") {
    for (const [k, e] of Object.entries(expected))
      expectClose((actual as Record<string, unknown>)[k], e, tolerance, `${path}.${k}`, absolute);
  } else {
    expect(actual, path).toEqual(expected);
  }
}
