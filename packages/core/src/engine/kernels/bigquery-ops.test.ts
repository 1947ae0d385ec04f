import { describe, expect, it } from "vitest";
import { i64, str } from "../testing/graph-builder.js";
import { runOp, values } from "../testing/run-kernel.js";

const ts = (text: string) => str([1], [text]);
const s = (text: string) => str([], [text]);

describe("BigQuery's TRANSFORM date and time ops", () => {
  it("DateAdd: days exactly, months clamped to the month's last day", () => {
    const dates = str([3], ["2008-12-25", "2008-01-31", "2009-01-31"]);
    expect(values(runOp("DateAdd", [dates, i64([], [5]), s("DAY")])[0]!)).toEqual([
      "2008-12-30",
      "2008-02-05",
      "2009-02-05",
    ]);
    expect(values(runOp("DateAdd", [dates, i64([], [1]), s("MONTH")])[0]!)).toEqual([
      "2009-01-25",
      "2008-02-29",
      "2009-02-28",
    ]);
    expect(values(runOp("DateAdd", [dates, i64([3], [1, -1, 4]), s("YEAR")])[0]!)).toEqual([
      "2009-12-25",
      "2007-01-31",
      "2013-01-31",
    ]);
    expect(() => runOp("DateAdd", [dates, i64([], [1]), s("HOUR")])).toThrow("Unsupported date part HOUR");
    expect(() => runOp("DateAdd", [ts("2008-02-30"), i64([], [1]), s("DAY")])).toThrow(
      'Invalid date: "2008-02-30"',
    );
  });

  it("DatetimeSub: time units carry across days, months clamp", () => {
    expect(values(runOp("DatetimeSub", [ts("2008-12-25 15:30:00"), i64([], [10]), s("MINUTE")])[0]!)).toEqual(
      ["2008-12-25 15:20:00"],
    );
    expect(values(runOp("DatetimeSub", [ts("2008-03-31 00:00:00"), i64([], [1]), s("MONTH")])[0]!)).toEqual([
      "2008-02-29 00:00:00",
    ]);
    expect(
      values(runOp("DatetimeSub", [ts("2008-01-01T00:00:00.5"), i64([], [1]), s("MILLISECOND")])[0]!),
    ).toEqual(["2008-01-01 00:00:00.499"]);
    expect(values(runOp("DatetimeSub", [ts("2000-03-01 01:00:00"), i64([], [2]), s("HOUR")])[0]!)).toEqual([
      "2000-02-29 23:00:00",
    ]);
  });

  it("ExtractFromTimestamp reads the parts in the time zone, daylight saving included", () => {
    const run = (part: string, t: string, zone: string) =>
      values(runOp("ExtractFromTimestamp", [s(part), ts(t), s(zone)])[0]!)[0];
    expect(run("DAY", "2008-12-25 05:30:00+00", "America/Los_Angeles")).toBe(24);
    expect(run("HOUR", "2008-12-25 05:30:00+00", "America/Los_Angeles")).toBe(21); // PST, -8
    expect(run("HOUR", "2008-07-01 12:00:00+00", "America/Los_Angeles")).toBe(5); // PDT, -7
    expect(run("HOUR", "2008-07-01 12:00:00 America/Los_Angeles", "UTC")).toBe(19);
    expect(run("HOUR", "2008-12-25 05:30:00Z", "+05:30")).toBe(11);
    expect(run("MINUTE", "2008-12-25 05:30:00Z", "+05:30")).toBe(0);
    expect(run("DAYOFWEEK", "2008-12-25 05:30:00+00", "UTC")).toBe(5); // Thursday
    expect(run("MICROSECOND", "2008-12-25 05:30:00.123456+00", "UTC")).toBe(123456);
    // BigQuery's documented WEEK / ISOWEEK / ISOYEAR table.
    const table: [string, number, number, number][] = [
      ["2005-01-03 12:34:56", 2005, 1, 1],
      ["2007-12-31 12:00:00", 2008, 1, 52],
      ["2009-01-01 12:00:00", 2009, 1, 0],
      ["2009-12-31 12:00:00", 2009, 53, 52],
      ["2017-01-02 12:00:00", 2017, 1, 1],
      ["2017-05-26 12:00:00", 2017, 21, 21],
    ];
    for (const [t, isoYear, isoWeek, week] of table) {
      expect([run("ISOYEAR", t, "UTC"), run("ISOWEEK", t, "UTC"), run("WEEK", t, "UTC")], t).toEqual([
        isoYear,
        isoWeek,
        week,
      ]);
    }
    expect(() => run("HOUR", "2008-12-25 05:30:00+00", "Mars/Olympus")).toThrow(
      "Invalid time zone: Mars/Olympus",
    );
  });

  it("TimeTrunc drops the units below the part", () => {
    const times = str([2], ["15:30:45.123456", "00:00:01"]);
    expect(values(runOp("TimeTrunc", [times, s("MILLISECOND")])[0]!)).toEqual(["15:30:45.123", "00:00:01"]);
    expect(values(runOp("TimeTrunc", [times, s("HOUR")])[0]!)).toEqual(["15:00:00", "00:00:00"]);
    expect(() => runOp("TimeTrunc", [times, s("DAY")])).toThrow("Unsupported time part for TIME_TRUNC: DAY");
  });
});
