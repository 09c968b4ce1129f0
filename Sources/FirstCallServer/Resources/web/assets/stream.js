// Follows the routing event stream (a WebSocket authenticated by the session cookie) and
// shows its health in the top bar's [data-testid=live-status].

/**
 * Calls `reload()` when the stream opens and after events arrive, at most once per
 * `delayMilliseconds` however many come; reconnects two seconds after the stream drops.
 */
export function followRouting(reload, delayMilliseconds) {
  let pending = null;
  const reloadSoon = () => {
    if (pending) return;
    pending = setTimeout(async () => {
      pending = null;
      await reload();
    }, delayMilliseconds);
  };
  const connect = () => {
    const socket = new WebSocket(`${location.origin.replace(/^http/, "ws")}/api/v1/routing/stream`);
    const status = document.querySelector("[data-testid=live-status]");
    socket.addEventListener("open", () => {
      status.dataset.connected = "true";
      reloadSoon();
    });
    socket.addEventListener("message", reloadSoon);
    socket.addEventListener("close", () => {
      status.dataset.connected = "false";
      setTimeout(connect, 2000);
    });
  };
  connect();
}
