import { BqdeployError } from "../../errors/index.js";
import type { RuntimeEvent } from "../runtime.js";
import { engineStatus, toDockerError } from "./engine-errors.js";
import type { EngineConnection } from "./engine-connection.js";

/** always: pull, falling back to a local copy; missing: pull only when absent (docker run's rule); never. */
export type PullPolicy = "always" | "missing" | "never";

interface PullLine {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

async function hasLocalImage(
  connection: EngineConnection,
  image: string,
  signal?: AbortSignal,
): Promise<boolean> {
  try {
    signal?.throwIfAborted();
    await connection.docker.getImage(image).inspect();
    return true;
  } catch (error) {
    if (engineStatus(error) === 404) return false;
    throw toDockerError(error, connection.where, `Could not inspect image ${image}`);
  }
}

/** Pulls `image`, reporting progress; an error line in the stream fails the pull (dockerode does not). */
async function pull(
  connection: EngineConnection,
  image: string,
  onEvent: (e: RuntimeEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  const stream = await connection.docker.pull(image, { abortSignal: signal });
  await new Promise<void>((resolve, reject) => {
    let failure: string | undefined;
    connection.docker.modem.followProgress(
      stream,
      (error: Error | null) => (error ? reject(error) : failure ? reject(new Error(failure)) : resolve()),
      (line: PullLine) => {
        if (line.error || line.errorDetail?.message) failure = line.errorDetail?.message ?? line.error;
        else {
          onEvent({
            type: "pull",
            image,
            status: line.status ?? "",
            ...(line.id ? { layer: line.id } : {}),
            ...(line.progressDetail?.total
              ? { current: line.progressDetail.current ?? 0, total: line.progressDetail.total }
              : {}),
          });
        }
      },
    );
  });
}

/**
 * Makes `image` available on the engine according to `policy`. When the registry cannot be reached
 * and the image is present locally, uses the local copy and says so; absent -> IMAGE_UNAVAILABLE.
 */
export async function ensureImage(
  connection: EngineConnection,
  image: string,
  policy: PullPolicy,
  onEvent: (e: RuntimeEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  const local = await hasLocalImage(connection, image, signal);
  if (local && policy !== "always") {
    onEvent({ type: "image", image, source: "local", message: `using ${image} present on this Docker host` });
    return;
  }
  if (!local && policy === "never") {
    throw new BqdeployError(
      "IMAGE_UNAVAILABLE",
      `Image ${image} is not on this Docker host and pulling is disabled. Run \`docker pull ${image}\` (or build it), then retry.`,
    );
  }
  try {
    await pull(connection, image, onEvent, signal);
    onEvent({ type: "image", image, source: "pulled", message: `pulled ${image}` });
  } catch (error) {
    const translated = toDockerError(error, connection.where, `Could not pull ${image}`, "IMAGE_UNAVAILABLE");
    if (translated.code === "DOCKER_UNAVAILABLE" || translated.code === "CANCELLED") throw translated;
    if (local) {
      onEvent({
        type: "image",
        image,
        source: "local",
        message: `could not pull ${image} (${translated.message}); using the copy already on this Docker host`,
      });
      return;
    }
    throw new BqdeployError(
      "IMAGE_UNAVAILABLE",
      `${translated.message}. The image is not on this Docker host either: check the image name and your network or registry login, load it with \`docker load\`, or use --runtime embedded, which needs no image.`,
      { cause: error },
    );
  }
}
