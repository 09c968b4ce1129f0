// The staff chat stream (a WebSocket authenticated by the session cookie): the frames of the
// chats the agent holds, and of the chats a supervisor watches. It reconnects two seconds
// after a drop and asks again for the chats it was watching.

/** Opens the stream; `onFrame(frame)` gets every frame. Returns `watch(id)` and `unwatch(id)`. */
export function openChatStream(onFrame) {
  const watched = new Set();
  let socket = null;
  const send = (frame) => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  };
  const connect = () => {
    socket = new WebSocket(`${location.origin.replace(/^http/, "ws")}/api/v1/chats/stream`);
    socket.addEventListener("open", () => {
      for (const conversation of watched) send({ type: "watch", conversation });
    });
    socket.addEventListener("message", (event) => {
      let frame;
      try { frame = JSON.parse(event.data); } catch { return; }
      onFrame(frame);
    });
    socket.addEventListener("close", () => setTimeout(connect, 2000));
  };
  connect();
  return {
    watch(conversation) {
      watched.add(conversation);
      send({ type: "watch", conversation });
    },
    unwatch(conversation) {
      watched.delete(conversation);
      send({ type: "unwatch", conversation });
    },
  };
}
