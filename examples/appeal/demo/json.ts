export type JsonRequest = (
  method: string,
  path: string,
  options?: { token?: string; body?: unknown },
) => Promise<{ status: number; body: any }>;

/** JSON over HTTP to the server at `baseUrl`: status and parsed body. */
export function jsonRequest(baseUrl: string): JsonRequest {
  return async (method, path, options = {}) => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
}
