// The top bar every signed-in page shares: who is logged in, logout, and re-rendering when
// the language changes.

import { api } from "./api.js";
import { t, translate } from "./i18n.js";

/**
 * The limits, deadlines and value lists the server enforces (`GET /api/v1/settings`): pages
 * offer exactly these instead of keeping copies. Filled by startPage before the first render.
 */
export const settings = {};

/** Every whole number of a settings range ({minimum, maximum}), in order. */
export function valuesOf(bounds) {
  return Array.from({ length: bounds.maximum - bounds.minimum + 1 }, (_, index) => bounds.minimum + index);
}

/**
 * Starts a signed-in page: translates it, loads the user (or goes to the login page) and the
 * center's settings, fills the top bar and wires logout. `render(me)` runs now and after every
 * language change. Returns the user, or null when the browser is being sent to the login page.
 */
export async function startPage(render) {
  translate();
  let me;
  try {
    me = await api("GET", "/api/v1/auth/me");
    Object.assign(settings, await api("GET", "/api/v1/settings"));
  } catch {
    return null; // api() has sent the browser to the login page.
  }
  const showUser = () => {
    document.querySelector("[data-testid=current-user]").textContent = `${me.displayName} · ${t(`role.${me.role}`)}`;
  };
  document.querySelector("[data-testid=logout]").addEventListener("click", async () => {
    await api("POST", "/api/v1/auth/logout").catch(() => null);
    window.location.assign("/login");
  });
  window.addEventListener("languagechange-firstcall", () => {
    showUser();
    render(me);
  });
  // Links to pages a role may not open stay hidden (the server refuses them anyway).
  const rank = { agent: 0, supervisor: 1, admin: 2 };
  for (const link of document.querySelectorAll("[data-least-role]")) {
    link.hidden = (rank[me.role] ?? 0) < (rank[link.dataset.leastRole] ?? 0);
  }
  showUser();
  render(me);
  return me;
}
