import type { DType, NumericData } from "../../protocol/tensor.js";

type Storage = Float64Array | Float32Array | Int32Array | Uint8Array;
type StorageKind = "f64" | "f32" | "i32" | "u8";

/** Arrays shorter than this are cheap for V8 to allocate (and collect): they bypass the arena. */
const MIN_LENGTH = 256;
/** Free storage kept between runs, per arena. */
const FREE_LIMIT_BYTES = 64 * 1024 * 1024;

const make: Record<StorageKind, (length: number) => Storage> = {
  f64: (n) => new Float64Array(n),
  f32: (n) => new Float32Array(n),
  i32: (n) => new Int32Array(n),
  u8: (n) => new Uint8Array(n),
};

/** Storage handed out by any arena: caches keyed by storage identity must not trust these. */
const recycled = new WeakSet<ArrayBufferLike>();

/**
 * Reuses the storage of a plan's intermediate values from one run to the next. A 100k-row batch
 * otherwise allocates ~10 MB of typed arrays per run, and V8 answers that external memory with a full
 * mark-compact per run. Storage reachable from a run's results is never recycled (the caller owns it).
 */
export class BufferArena {
  readonly #free = new Map<string, Storage[]>();
  #freeBytes = 0;
  #given: Storage[] = [];

  take(kind: StorageKind, length: number, zero: boolean): Storage {
    const list = this.#free.get(`${kind}${length}`);
    const reused = list?.pop();
    let storage: Storage;
    if (reused) {
      this.#freeBytes -= reused.byteLength;
      if (zero) reused.fill(0);
      storage = reused;
    } else {
      storage = make[kind](length);
      recycled.add(storage.buffer);
    }
    this.#given.push(storage);
    return storage;
  }

  /** Ends a run: everything handed out, except storage in `keep`, becomes free for the next run. */
  recycle(keep: ReadonlySet<ArrayBufferLike>): void {
    const given = this.#given;
    this.#given = [];
    for (const storage of given) {
      if (keep.has(storage.buffer)) continue;
      const key = `${kindOf(storage)}${storage.length}`;
      const list = this.#free.get(key);
      if (list) list.push(storage);
      else this.#free.set(key, [storage]);
      this.#freeBytes += storage.byteLength;
    }
    // Oldest sizes go first when the arena holds too much (e.g. after one unusually large batch).
    for (const [key, list] of this.#free) {
      if (this.#freeBytes <= FREE_LIMIT_BYTES) break;
      for (const s of list) this.#freeBytes -= s.byteLength;
      this.#free.delete(key);
    }
  }

  /** Whether the current run took any storage from this arena. */
  handedOut(): boolean {
    return this.#given.length > 0;
  }

  /** Ends a failed run: what it was given is dropped, not reused. */
  abandon(): void {
    this.#given = [];
  }
}

function kindOf(storage: Storage): StorageKind {
  if (storage instanceof Float64Array) return "f64";
  if (storage instanceof Float32Array) return "f32";
  if (storage instanceof Int32Array) return "i32";
  return "u8";
}

let active: BufferArena | undefined;

/** Runs `fn` with `arena` serving the engine's allocations (nested runs keep the outer arena). */
export function inArena<T>(arena: BufferArena, fn: () => T): T {
  if (active !== undefined) return fn();
  active = arena;
  try {
    return fn();
  } finally {
    active = undefined;
  }
}

/** Starts a top-level run served by `arena` (`leaveArena` ends it; runs do not nest). */
export function enterArena(arena: BufferArena): void {
  active = arena;
}

export function leaveArena(): void {
  active = undefined;
}

/** Runs `fn` with no arena (planning and constant folding make values that live as long as the plan). */
export function outsideArena<T>(fn: () => T): T {
  const saved = active;
  active = undefined;
  try {
    return fn();
  } finally {
    active = saved;
  }
}

export function arenaActive(): boolean {
  return active !== undefined;
}

/** Whether storage may be reused by a later run (so must not key a long-lived cache). */
export function isRecycledStorage(data: NumericData): boolean {
  return recycled.has(data.buffer);
}

function storage(kind: StorageKind, length: number, zero: boolean): Storage {
  if (active !== undefined && length >= MIN_LENGTH) return active.take(kind, length, zero);
  return make[kind](length);
}

export const float64Storage = (length: number, zero = true): Float64Array =>
  storage("f64", length, zero) as Float64Array;
export const int32Storage = (length: number, zero = true): Int32Array =>
  storage("i32", length, zero) as Int32Array;
export const uint8Storage = (length: number, zero = true): Uint8Array =>
  storage("u8", length, zero) as Uint8Array;

/** Numeric storage for a dtype, by the protocol's rule (see protocol/tensor.ts). */
export function numericStorage(dtype: DType, length: number, zero: boolean): NumericData {
  switch (dtype) {
    case "DT_FLOAT":
      return storage("f32", length, zero) as Float32Array;
    case "DT_DOUBLE":
    case "DT_INT64":
    case "DT_UINT32":
    case "DT_UINT64":
      return storage("f64", length, zero) as Float64Array;
    case "DT_BOOL":
      return storage("u8", length, zero) as Uint8Array;
    default:
      return storage("i32", length, zero) as Int32Array;
  }
}
