import { api } from "../shared/api.js";
import { t, translate } from "../shared/i18n.js";

translate();

const form = document.getElementById("login-form");
const error = form.querySelector("[data-testid=login-error]");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  error.hidden = true;
  const data = new FormData(form);
  try {
    const session = await api("POST", "/api/v1/auth/login", {
      username: String(data.get("username") || ""),
      password: String(data.get("password") || ""),
    });
    // Agents work in the desktop; supervisors and administrators start in the admin area.
    window.location.assign(session.user.role === "agent" ? "/agent" : "/admin");
  } catch (failure) {
    error.textContent =
      failure.status === 429
        ? t("login.throttled", { seconds: failure.retryAfter || "?" })
        : failure.status === 0
          ? t("error.network")
          : t("login.failed");
    error.hidden = false;
  }
});
