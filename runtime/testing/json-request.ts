export interface JsonRequestOptions {
  token?: string;
  /** Sent as JSON; a string is sent as it is (for malformed-body tests); FormData as multipart/form-data. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type JsonRequest = (
  method: string,
  path: string,
  options?: JsonRequestOptions,
) => Promise<{ status: number; body: any }>;

/** A request helper for a server at `baseUrl`: status and the parsed JSON body (the text when it is not JSON). */
export function jsonRequest(baseUrl: string): JsonRequest {
  return async (method, path, options = {}) => {
    const multipart = options.body instanceof FormData;
    const res = await fetch(baseUrl + path, {
      method,
      headers: {
        ...(options.body !== undefined && !multipart ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined
        ? {
            body: multipart
              ? (options.body as FormData)
              : typeof options.body === 'string'
                ? options.body
                : JSON.stringify(options.body),
          }
        : {}),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: res.status, body };
  };
}
