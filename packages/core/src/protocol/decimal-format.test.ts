import { describe, expect, it } from "vitest";
import { formatDouble, formatFloat, formatG } from "./decimal-format.js";

describe("TF Serving's number printing", () => {
  it("uses 6 significant digits when they read back as the same double", () => {
    expect(formatDouble(2.5)).toBe("2.5");
    expect(formatDouble(20.4)).toBe("20.4");
    expect(formatDouble(3)).toBe("3.0");
    expect(formatDouble(-0)).toBe("-0.0");
    expect(formatDouble(9_000_000)).toBe("9e+06");
    expect(formatDouble(0.00003)).toBe("3e-05");
    expect(formatDouble(123456)).toBe("123456.0");
  });

  it("falls back to %.17g, which reads back as the same double", () => {
    expect(formatDouble(-0.4326289662712952)).toBe("-0.43262896627129521");
    expect(formatDouble(9.453036669696303)).toBe("9.4530366696963029");
    expect(formatDouble(7.811382543873644e-6)).toBe("7.8113825438736435e-06");
    expect(formatDouble(1234567)).toBe("1234567.0");
    for (const x of [Math.PI, 1 / 3, 1e300 / 7, -2.2250738585072014e-308, 0.1 + 0.2]) {
      expect(Number(formatDouble(x))).toBe(x);
    }
  });

  it("prints floats with 9 digits only when 6 do not round-trip", () => {
    expect(formatFloat(Math.fround(0.2))).toBe("0.2");
    expect(formatFloat(Math.fround(1 / 3))).toBe("0.333333343");
    expect(Math.fround(Number(formatFloat(Math.fround(1 / 3))))).toBe(Math.fround(1 / 3));
  });

  it("writes non-finite values as tokens", () => {
    expect(formatDouble(Number.NaN)).toBe("NaN");
    expect(formatDouble(Number.POSITIVE_INFINITY)).toBe("Infinity");
    expect(formatFloat(Number.NEGATIVE_INFINITY)).toBe("-Infinity");
  });

  it("formats like C's %g", () => {
    expect(formatG(1e21, 6)).toBe("1e+21");
    expect(formatG(0.0001, 6)).toBe("0.0001");
    expect(formatG(1.5e-10, 17)).toBe("1.5e-10");
    expect(formatG(0.1, 17)).toBe("0.10000000000000001");
  });

  it("always reads back as the same value (2,000 random doubles and floats)", () => {
    const bits = new DataView(new ArrayBuffer(8));
    for (let i = 0; i < 2_000; i++) {
      bits.setUint32(0, (Math.random() * 2 ** 32) >>> 0);
      bits.setUint32(4, (Math.random() * 2 ** 32) >>> 0);
      const x = bits.getFloat64(0);
      if (!Number.isFinite(x)) continue;
      expect(Number(formatDouble(x))).toBe(x);
      const f = Math.fround(x);
      if (Number.isFinite(f)) expect(Math.fround(Number(formatFloat(f)))).toBe(f);
      const scaled = (Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 12 - 6);
      expect(Number(formatDouble(scaled))).toBe(scaled);
    }
  });
});
