import { seededRandom } from "../../seeded-random.js";

/** What can go wrong with a request to the fake. */
export type FaultKind = "503" | "429" | "reset" | "reset-mid-body";

export interface FaultOptions {
  /** Probability (0..1) that a request gets a fault. */
  rate: number;
  kinds?: FaultKind[];
  /** Same seed, same sequence of faults. */
  seed?: number;
  /** Which requests may fail: media downloads only (default), or every request (listing too). */
  scope?: "media" | "all";
}

/** Decides, request by request, whether and how to fail. */
export class FaultPlan {
  private readonly random: () => number;
  private readonly kinds: FaultKind[];

  constructor(private readonly options: FaultOptions) {
    this.random = seededRandom(options.seed ?? 1);
    this.kinds = options.kinds?.length ? options.kinds : ["503"];
  }

  /** The fault for this request, if any. */
  next(isMedia: boolean): FaultKind | undefined {
    if (!isMedia && (this.options.scope ?? "media") === "media") return undefined;
    if (this.random() >= this.options.rate) return undefined;
    const kind = this.kinds[Math.floor(this.random() * this.kinds.length)]!;
    // Listing answers are small: a reset there is a reset before the body.
    return kind === "reset-mid-body" && !isMedia ? "reset" : kind;
  }
}
