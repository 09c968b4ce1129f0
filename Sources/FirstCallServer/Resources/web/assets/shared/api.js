// Calls the REST API with the session cookie. Writes carry the CSRF header the server
// requires for cookie sessions; a 401 sends the user back to the login page.

/** A refused call: the server's problem (English `message`, stable `code`, the `field` and
 * `params`), which `errorText` words in the user's language. */
export class APIError extends Error {
  constructor(status, problem, retryAfter) {
    super(problem.error || String(status));
    this.status = status;
    this.code = problem.code;
    this.field = problem.field;
    this.params = problem.params || {};
    this.retryAfter = retryAfter;
  }
}

/** Calls `path` and answers the parsed JSON body (null for 204). */
export async function api(method, path, body) {
  const response = await send(method, path, body);
  return response.status === 204 ? null : response.json().catch(() => ({}));
}

/** GETs `path` and answers its body as text (CSV downloads). */
export async function apiText(path) {
  return (await send("GET", path)).text();
}

async function send(method, path, body) {
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
    throw new APIError(0, { code: "network" });
  }
  if (!response.ok) {
    const data = await response.json().catch(() => ({}));
    if (response.status === 401 && !path.endsWith("/auth/login")) {
      window.location.assign("/login");
    }
    throw new APIError(response.status, data, response.headers.get("Retry-After"));
  }
  return response;
}
