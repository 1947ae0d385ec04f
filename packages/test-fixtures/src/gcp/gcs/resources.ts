import type { StoredObject } from "./object-store.js";

/** The JSON API's object resource for a stored object. */
export function objectResource(o: StoredObject, baseUrl: string): Record<string, unknown> {
  const encoded = encodeURIComponent(o.name);
  return {
    kind: "storage#object",
    id: `${o.bucket}/${o.name}/${o.generation}`,
    selfLink: `${baseUrl}/storage/v1/b/${o.bucket}/o/${encoded}`,
    mediaLink: `${baseUrl}/download/storage/v1/b/${o.bucket}/o/${encoded}?generation=${o.generation}&alt=media`,
    name: o.name,
    bucket: o.bucket,
    generation: o.generation,
    metageneration: "1",
    contentType: o.contentType,
    storageClass: "STANDARD",
    size: String(o.size),
    md5Hash: o.md5Hash,
    crc32c: o.crc32c,
    etag: `${o.generation}`,
    timeCreated: o.updated,
    updated: o.updated,
  };
}

/** One page of a listing with prefix / delimiter / pageToken / maxResults, as GCS answers it. */
export function listPage(
  objects: Map<string, StoredObject>,
  query: URLSearchParams,
  baseUrl: string,
  pageSize = 1000,
): Record<string, unknown> {
  const prefix = query.get("prefix") ?? "";
  const delimiter = query.get("delimiter") ?? "";
  const maxResults = Math.max(1, Math.min(pageSize, Number(query.get("maxResults") ?? 1000) || 1000));
  const after = query.get("pageToken") ? Buffer.from(query.get("pageToken")!, "base64url").toString() : "";
  const names = [...objects.keys()].filter((n) => n.startsWith(prefix) && n > after).sort();
  const items: Record<string, unknown>[] = [];
  const prefixes = new Set<string>();
  let last = "";
  let more = false;
  for (const name of names) {
    if (items.length + prefixes.size >= maxResults) {
      more = true;
      break;
    }
    last = name;
    const cut = delimiter ? name.indexOf(delimiter, prefix.length) : -1;
    if (cut >= 0) {
      const collapsed = name.slice(0, cut + delimiter.length);
      if (!prefixes.has(collapsed) && items.length + prefixes.size >= maxResults) break;
      prefixes.add(collapsed);
      // Skip the rest of this collapsed prefix so a page boundary never splits it.
      last = `${collapsed}\uffff`;
    } else {
      items.push(objectResource(objects.get(name)!, baseUrl));
    }
  }
  const page: Record<string, unknown> = { kind: "storage#objects" };
  if (items.length) page.items = items;
  if (prefixes.size) page.prefixes = [...prefixes];
  if (more) page.nextPageToken = Buffer.from(last).toString("base64url");
  return page;
}
