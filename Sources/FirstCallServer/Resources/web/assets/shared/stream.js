// Follows the routing event stream (a WebSocket authenticated by the session cookie) and
// shows its health in the top bar's [data-testid=live-status].

/**
 * Calls `reload(events)` after events arrive, at most once per `delayMilliseconds` however
 * many come, with the events that came (`{sequence, event}` each); and `reload(null)` when the
 * stream opens, since events may have been missed while it was closed. Reconnects two seconds
 * after the stream drops.
 */
export function followRouting(reload, delayMilliseconds) {
  let pending = null;
  let batch = [];
  let missedSome = true;
  const reloadSoon = () => {
    if (pending) return;
    pending = setTimeout(async () => {
      pending = null;
      const events = missedSome ? null : batch;
      batch = [];
      missedSome = false;
      await reload(events);
    }, delayMilliseconds);
  };
  const connect = () => {
    const socket = new WebSocket(`${location.origin.replace(/^http/, "ws")}/api/v1/routing/stream`);
    const status = document.querySelector("[data-testid=live-status]");
    socket.addEventListener("open", () => {
      status.dataset.connected = "true";
      missedSome = true;
      reloadSoon();
    });
    socket.addEventListener("message", (message) => {
      try {
        batch.push(JSON.parse(message.data));
      } catch {
        missedSome = true;
      }
      reloadSoon();
    });
    socket.addEventListener("close", () => {
      status.dataset.connected = "false";
      setTimeout(connect, 2000);
    });
  };
  connect();
}

/** The contact an event (`{sequence, event: {kind: {contactID, …}}}`) is about, if any. */
export function contactOf(recorded) {
  return Object.values(recorded.event ?? {})[0]?.contactID ?? null;
}
