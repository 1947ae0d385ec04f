import type { InProcessReplica } from "../serving/http/in-process-replica.js";
import type { InProcessForwarder } from "./in-process-forwarder.js";
import type { ForwardedRequest, ForwardHandler, ReplicaForwarder } from "./replica-forwarder.js";

/** The replicas a request of a deployment group may go to (see DeploymentRegistry.replicaSet). */
export interface ReplicaSet {
  /** Every replica's endpoint (base URL). */
  readonly endpoints: readonly string[];
  /**
   * The server of this process behind each of `endpoints` (undefined for one reached over HTTP);
   * absent when none is in this process.
   */
  readonly local?: readonly (InProcessReplica | undefined)[];
  /** The `endpoints` reached over HTTP (all of them when `local` is absent). */
  readonly remote: readonly string[];
}

/** Groups whose round-robin position is kept; beyond this many, positions start over. */
const MAX_GROUPS = 1_000;

/**
 * Sends each request of a group to its next replica, round robin over all of them: straight to the
 * replica's dispatcher when it is a server of this process (the embedded runtime's), else over HTTP.
 * A set with no replica in this process goes to the HTTP forwarder whole (its own round robin and
 * its moving on past replicas that refuse connections). A replica stopped since the set was made
 * goes over HTTP too: its port refuses and the forwarder moves on to the next replica.
 */
export class ReplicaRouter {
  readonly #cursors = new Map<string, number>();

  constructor(
    readonly http: ReplicaForwarder,
    readonly inProcess: InProcessForwarder,
  ) {}

  /** Tells `handler` exactly once (possibly before this returns). */
  dispatch(group: string, replicas: ReplicaSet, request: ForwardedRequest, handler: ForwardHandler): void {
    const local = replicas.local;
    if (local === undefined) {
      this.http.dispatch(group, replicas.endpoints, request, handler);
      return;
    }
    const next = this.#cursors.get(group);
    if (next === undefined && this.#cursors.size >= MAX_GROUPS) this.#cursors.clear();
    const at = (next ?? 0) % local.length;
    this.#cursors.set(group, at + 1);
    const replica = local[at];
    if (replica === undefined) this.http.dispatch(group, replicas.remote, request, handler);
    else if (!this.inProcess.dispatch(replica, request, handler)) {
      this.http.dispatch(group, replicas.endpoints, request, handler);
    }
  }

  /** Stops the in-process deadline sweep and closes the HTTP pools. */
  async close(): Promise<void> {
    this.inProcess.close();
    await this.http.close();
  }
}
