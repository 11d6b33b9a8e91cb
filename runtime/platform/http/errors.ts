/** An error with an HTTP status and a machine-readable code; the one error type handlers throw. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems?: unknown[],
    /** Further fields of the error body (e.g. `retryAfter`). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what: string, id: string) =>
  new ApiError(404, 'NOT_FOUND', `${what} "${id}" does not exist or is not visible to you`);
export const forbidden = (message: string) => new ApiError(403, 'FORBIDDEN', message);
export const conflict = (code: string, message: string) => new ApiError(409, code, message);
export const badRequest = (code: string, message: string, problems?: unknown[]) =>
  new ApiError(400, code, message, problems);
