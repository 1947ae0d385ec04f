/** Why a request to a replica failed, as the `code` of an {@link UpstreamError}. */
export type UpstreamErrorCode =
  /** The connection could not be opened in time (the request was never sent). */
  | "ERR_UPSTREAM_CONNECT_TIMEOUT"
  /** The replica's answer broke HTTP/1.1 (or a limit); the connection was dropped. */
  | "ERR_UPSTREAM_PROTOCOL"
  /** The replica closed the connection before its answer was complete. */
  | "ERR_UPSTREAM_CLOSED"
  /** No complete answer head within the deadline after the request was sent. */
  | "ERR_UPSTREAM_HEADERS_TIMEOUT"
  /** A gap in the answer's body longer than the deadline. */
  | "ERR_UPSTREAM_BODY_TIMEOUT"
  /** The request could not be written (bad method, path or header). */
  | "ERR_UPSTREAM_REQUEST"
  /** The pool was closed with the request still waiting for a connection. */
  | "ERR_UPSTREAM_POOL_CLOSED";

/** A failure of the upstream HTTP/1.1 client (node's own socket errors are passed on as they are). */
export class UpstreamError extends Error {
  override readonly name = "UpstreamError";

  constructor(
    readonly code: UpstreamErrorCode,
    message: string,
  ) {
    super(message);
  }
}
