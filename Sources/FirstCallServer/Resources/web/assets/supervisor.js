// The supervisor's live view: every queue with its waiting contacts, longest wait and agents
// by state, and every logged-in agent with state and contacts. It listens to the routing
// stream (WebSocket) and re-reads the snapshots when something happens; waits tick locally.

import { api } from "./api.js";
import { errorText, h } from "./dom.js";
import { t } from "./i18n.js";
import { startPage } from "./session.js";
import { followRouting } from "./stream.js";

const agentStates = ["available", "reserved", "busy", "afterContactWork", "notReady"];
const state = { queues: [], snapshots: new Map(), agents: [], names: new Map(), loadedAt: Date.now(), error: null };

/** Seconds shown for a wait measured at the last load, counting on since. */
function seconds(waited) {
  return Math.floor(waited + (Date.now() - state.loadedAt) / 1000);
}

function render() {
  const queueTable = document.querySelector("[data-testid=live-queues]");
  queueTable.replaceChildren(
    h("thead", {}, h("tr", {},
      h("th", {}, t("field.name")), h("th", {}, t("live.waiting")), h("th", {}, t("live.longestWait")),
      agentStates.map((name) => h("th", {}, t(`agentState.${name}`))))),
    h("tbody", {}, state.queues.map((queue) => {
      const snapshot = state.snapshots.get(queue.id) ?? { waiting: [], agents: {} };
      const longest = snapshot.waiting.reduce((most, contact) => Math.max(most, contact.waitedSeconds), -1);
      return h("tr", { dataset: { testid: "queue-row", name: queue.name } },
        h("td", {}, queue.name),
        h("td", { dataset: { testid: "queue-waiting" } }, String(snapshot.waiting.length)),
        h("td", { dataset: { testid: "queue-longest-wait" } }, longest < 0 ? t("value.none") : `${seconds(longest)} s`),
        agentStates.map((name) => h("td", {}, String(snapshot.agents[name] ?? 0))));
    })));
  const agentTable = document.querySelector("[data-testid=live-agents]");
  agentTable.replaceChildren(
    h("thead", {}, h("tr", {},
      h("th", {}, t("field.displayName")), h("th", {}, t("live.state")), h("th", {}, t("live.contacts")))),
    h("tbody", {}, state.agents.map((agent) => {
      const name = state.names.get(agent.agentId) ?? agent.agentId;
      const label = t(`agentState.${agent.state}`) + (agent.reason ? ` · ${t(`reason.${agent.reason}`)}` : "");
      return h("tr", { dataset: { testid: "agent-row", name } },
        h("td", {}, name),
        h("td", { dataset: { testid: "agent-row-state", state: agent.state } }, label),
        h("td", {}, String(agent.offered.length + agent.connected.length + agent.wrappingUp.length)));
    })));
  const status = document.querySelector("[data-testid=live-status]");
  status.textContent = state.error ? state.error : "";
}

async function load() {
  try {
    const [queues, agents] = await Promise.all([api("GET", "/api/v1/queues"), api("GET", "/api/v1/agents")]);
    const snapshots = await Promise.all(queues.items.map((queue) => api("GET", `/api/v1/queues/${queue.id}/snapshot`)));
    state.queues = queues.items;
    state.snapshots = new Map(snapshots.map((snapshot) => [snapshot.queueId, snapshot]));
    state.agents = agents.items;
    state.loadedAt = Date.now();
    state.error = null;
  } catch (failure) {
    state.error = errorText(failure);
  }
  render();
}

startPage(render).then(async (me) => {
  if (!me) return;
  const users = await api("GET", "/api/v1/users").catch(() => ({ items: [] }));
  state.names = new Map(users.items.map((user) => [user.id, user.displayName]));
  await load();
  followRouting(load, 200);
  setInterval(render, 1000);
});
