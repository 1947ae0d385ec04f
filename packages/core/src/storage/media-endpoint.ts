import type { Storage } from "@google-cloud/storage";
import type { Agent } from "undici";
import type { MediaEndpoint } from "./fetch-object.js";

/** Media downloads at the client's endpoint, with the client's credentials unless it is a custom one. */
export function mediaEndpoint(storage: Storage, dispatcher: Agent, customEndpoint: boolean): MediaEndpoint {
  return {
    dispatcher,
    baseUrl: `${storage.apiEndpoint.replace(/\/+$/, "")}/storage/v1`,
    headers: async (url) => {
      // Like the SDK: a custom endpoint (emulator or fake) gets no credentials.
      if (customEndpoint) return {};
      const headers = (await storage.authClient.getRequestHeaders(url)) as unknown;
      if (headers instanceof Headers) return Object.fromEntries(headers.entries());
      return headers as Record<string, string>;
    },
  };
}
