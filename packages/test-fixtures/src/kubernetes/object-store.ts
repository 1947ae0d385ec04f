import { randomUUID } from "node:crypto";
import { type ApiResource, groupOf } from "./api-resources.js";
import { canonical, fieldsV1, isObject, type JsonObject, leaves, merge, without } from "./field-sets.js";
import { KubeStatusError, kubeStatus } from "./kube-status.js";

interface Manager {
  config: JsonObject;
  apiVersion: string;
  time: string;
}

interface Entry {
  resource: ApiResource;
  live: JsonObject;
  managers: Map<string, Manager>;
}

/** One server-side apply request, as the HTTP layer hands it over. */
export interface ApplyRequest {
  resource: ApiResource;
  namespace: string;
  name: string;
  body: unknown;
  manager: string;
  force: boolean;
  dryRun: boolean;
}

const SERVER_METADATA = [
  "resourceVersion",
  "uid",
  "generation",
  "creationTimestamp",
  "managedFields",
  "name",
  "namespace",
];

/**
 * The fake API server's objects, with server-side apply semantics: each field manager's applied
 * configuration is kept; the object is their merge; a manager's re-apply drops the fields it no
 * longer sets; conflicting values need force; an apply that changes nothing keeps resourceVersion
 * and generation; generation moves only when something outside metadata and status changes.
 */
export class ObjectStore {
  private readonly entries = new Map<string, Entry>();
  private revision = 1000;

  get(resource: ApiResource, namespace: string, name: string): JsonObject | undefined {
    return this.entries.get(key(resource, namespace, name))?.live;
  }

  list(resource: ApiResource, namespace?: string): JsonObject[] {
    return [...this.entries.values()]
      .filter((e) => e.resource === resource)
      .map((e) => e.live)
      .filter((o) => namespace === undefined || (o.metadata as JsonObject).namespace === namespace);
  }

  delete(resource: ApiResource, namespace: string, name: string): JsonObject | undefined {
    const k = key(resource, namespace, name);
    const entry = this.entries.get(k);
    this.entries.delete(k);
    return entry?.live;
  }

  /** Applies one configuration; returns the stored object and whether it was created. */
  apply(request: ApplyRequest): { object: JsonObject; created: boolean } {
    const { resource, namespace, name, manager } = request;
    const config = this.checkedConfig(request);
    const k = key(resource, namespace, name);
    const entry = this.entries.get(k);
    const managers = new Map(entry?.managers ?? []);
    for (const [other, owned] of managers) {
      if (other === manager) continue;
      const conflicts = leaves(owned.config).filter(([path, value]) => {
        const mine = leaves(config).find(([p]) => p === path);
        return mine !== undefined && canonical(mine[1]) !== canonical(value);
      });
      if (conflicts.length === 0) continue;
      if (!request.force) {
        const paths = conflicts.map(([p]) => p).join(", ");
        throw new KubeStatusError(
          kubeStatus(
            409,
            `Apply failed with ${conflicts.length} conflict(s): conflict with "${other}": ${paths}`,
            {
              name,
              group: groupOf(resource.groupVersion),
              kind: resource.name,
            },
          ),
        );
      }
      let taken = owned.config;
      for (const [path] of conflicts) taken = without(taken, path);
      managers.set(other, { ...owned, config: taken });
    }
    const previous = managers.get(manager);
    const unchanged = previous !== undefined && canonical(previous.config) === canonical(config);
    managers.delete(manager);
    managers.set(manager, {
      config,
      apiVersion: resource.groupVersion,
      time: unchanged && previous ? previous.time : new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    });
    const live = this.render(resource, namespace, name, managers, entry?.live);
    if (entry && canonical(live) === canonical(entry.live)) return { object: entry.live, created: false };
    const meta = live.metadata as JsonObject;
    meta.resourceVersion = String(this.nextRevision(request.dryRun));
    if (entry && canonical(content(live)) !== canonical(content(entry.live))) {
      meta.generation = Number((entry.live.metadata as JsonObject).generation) + 1;
    }
    if (!request.dryRun) this.entries.set(k, { resource, live, managers });
    return { object: live, created: entry === undefined };
  }

  /** Replaces an object's status (as a controller would); bumps resourceVersion only. */
  setStatus(resource: ApiResource, namespace: string, name: string, status: JsonObject): JsonObject {
    const entry = this.entries.get(key(resource, namespace, name));
    if (!entry) throw new Error(`fake kube: no ${resource.kind} ${namespace}/${name} to set a status on`);
    entry.live = { ...entry.live, status };
    (entry.live.metadata as JsonObject).resourceVersion = String(this.nextRevision(false));
    return entry.live;
  }

  private checkedConfig(request: ApplyRequest): JsonObject {
    const { resource, namespace, name, body } = request;
    const bad = (message: string) => new KubeStatusError(kubeStatus(400, message));
    if (!isObject(body)) throw bad("the body of an apply patch must be a YAML or JSON object");
    if (body.apiVersion !== resource.groupVersion || body.kind !== resource.kind) {
      throw bad(
        `the apiVersion and kind of the object (${body.apiVersion} ${body.kind}) do not match the URL`,
      );
    }
    const meta = isObject(body.metadata) ? body.metadata : {};
    if (meta.name !== undefined && meta.name !== name) {
      throw bad(`the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`);
    }
    if (resource.namespaced && meta.namespace !== undefined && meta.namespace !== namespace) {
      throw bad("the namespace of the provided object does not match the namespace sent on the request");
    }
    if (resource.namespaced && !this.entries.has(`v1/namespaces//${namespace}`)) {
      throw new KubeStatusError(
        kubeStatus(404, `namespaces "${namespace}" not found`, { name: namespace, kind: "namespaces" }),
      );
    }
    const { status: _status, ...rest } = body;
    const cleanMeta: JsonObject = { ...meta };
    for (const field of SERVER_METADATA) delete cleanMeta[field];
    return { ...rest, metadata: cleanMeta };
  }

  private render(
    resource: ApiResource,
    namespace: string,
    name: string,
    managers: Map<string, Manager>,
    previous: JsonObject | undefined,
  ): JsonObject {
    let merged: JsonObject = {};
    for (const m of managers.values()) merged = merge(merged, m.config);
    const old = (previous?.metadata ?? {}) as JsonObject;
    const metadata: JsonObject = {
      ...(isObject(merged.metadata) ? merged.metadata : {}),
      name,
      ...(resource.namespaced ? { namespace } : {}),
      uid: (old.uid as string | undefined) ?? randomUUID(),
      resourceVersion: (old.resourceVersion as string | undefined) ?? "0",
      generation: (old.generation as number | undefined) ?? 1,
      creationTimestamp:
        (old.creationTimestamp as string | undefined) ?? new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      managedFields: [...managers].map(([manager, m]) => ({
        manager,
        operation: "Apply",
        apiVersion: m.apiVersion,
        time: m.time,
        fieldsType: "FieldsV1",
        fieldsV1: fieldsV1(m.config),
      })),
    };
    const live: JsonObject = { ...merged, apiVersion: resource.groupVersion, kind: resource.kind, metadata };
    if (previous?.status !== undefined) live.status = previous.status;
    return live;
  }

  private nextRevision(dryRun: boolean): number {
    return dryRun ? this.revision + 1 : ++this.revision;
  }
}

function key(resource: ApiResource, namespace: string, name: string): string {
  return `${resource.groupVersion}/${resource.name}/${resource.namespaced ? namespace : ""}/${name}`;
}

/** What generation tracks: everything but metadata and status. */
function content(object: JsonObject): JsonObject {
  const { metadata: _m, status: _s, ...rest } = object;
  return rest;
}
