// Calls the REST API with the session cookie. Writes carry the CSRF header the server
// requires for cookie sessions; a 401 sends the user back to the login page.

export class APIError extends Error {
  constructor(status, message, retryAfter) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

export async function api(method, path, body) {
  const headers = { "X-FirstCall-CSRF": "1" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new APIError(0, "network");
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    if (response.status === 401 && !path.endsWith("/auth/login")) {
      window.location.assign("/login");
    }
    throw new APIError(response.status, data.error || response.statusText, response.headers.get("Retry-After"));
  }
  return data;
}
