// The supervisor's live view: every queue with its waiting contacts, longest wait and agents
// by state, every logged-in agent with state and contacts, the calls in progress (in the menu,
// waiting, ringing, talking or held), and the live chats, any of which
// the supervisor can read as it happens without the customer knowing (silent monitor). It
// listens to the routing stream (WebSocket) and re-reads the snapshots when something
// happens; waits tick locally.

import { api } from "../shared/api.js";
import { insertMessage, messageItem } from "../components/chatpane.js";
import { openChatStream } from "../shared/chatstream.js";
import { errorText, h } from "../shared/dom.js";
import { labelOf, t } from "../shared/i18n.js";
import { showKnowledgeReport } from "../components/kbreport.js";
import { settings, startPage } from "../shared/session.js";
import { showAdherence, showAdherenceReport } from "../components/shifts.js";
import { followRouting } from "../shared/stream.js";
import { loadQueues, percent, queueFigures, shownAgentStates } from "../shared/livequeues.js";
import { anomalyList } from "../components/anomalies.js";

/** The stand-outs are judged over this many days up to now. */
const anomalyDays = 7;

/** The agents and teams whose last week stands out from their peers'. */
async function showAnomalies() {
  const box = document.querySelector("[data-testid=live-anomalies]");
  const to = new Date();
  const query = new URLSearchParams({ from: new Date(to.getTime() - anomalyDays * 86400000).toISOString(), to: to.toISOString() });
  try {
    box.replaceChildren(...anomalyList((await api("GET", `/api/v1/reports/contacts?${query}`)).anomalies, "live-anomaly"));
  } catch (failure) {
    box.replaceChildren(h("p", { class: "form-error" }, errorText(failure)));
  }
}

const state = { queues: [], live: null, agents: [], chats: [], calls: [], names: new Map(), error: null };
/** The chat being read: its id and the sequences on screen. */
const monitor = { id: null, shown: new Set(), forms: new Map() };
/** Live chats change with every message, which the routing stream does not carry. */
const chatListRefreshMilliseconds = 5000;
let chatStream = null;

/** How long an agent may stay in a state before her row turns red (after-contact work uses the
 * server's maximum). */
const stateLimitSeconds = { notReady: 15 * 60, reserved: 60, busy: 20 * 60 };

/** "12:05" for seconds. */
function clockText(total) {
  const minutes = Math.floor(total / 60);
  return `${minutes}:${String(total % 60).padStart(2, "0")}`;
}

/** The supervisor sets an agent's state: ready, not ready (first reason of the center), or logged out. */
async function setAgentState(agent, choice) {
  const body = { ready: { state: "available" }, notReady: { state: "notReady", reason: settings.notReadyReasons[0] },
    offline: { state: "offline" } }[choice];
  if (!body) return;
  try {
    await api("POST", `/api/v1/agents/${agent.agentId}/state`, body);
    state.error = null;
  } catch (failure) {
    state.error = errorText(failure);
  }
  await load();
}

/** The supervisor moves a chat nobody answered yet to another queue or to an agent (`queue:id`, `agent:id`). */
async function moveChat(chat, choice) {
  const [kind, id] = choice.split(":");
  if (!id) return;
  try {
    await api("POST", `/api/v1/contacts/${chat.id}/move`, kind === "queue" ? { queueId: id } : { agentId: id });
    state.error = null;
  } catch (failure) {
    state.error = errorText(failure);
  }
  await load();
}

/** Where a waiting chat may be moved: the other chat queues, and the logged-in agents. */
function moveSelect(chat) {
  const queues = state.queues.filter((queue) => queue.id !== chat.queueId && queue.channels.includes("chat"));
  const agents = state.agents.filter((agent) => agent.state !== "offline");
  const select = h("select", { dataset: { testid: "chat-row-move" }, "aria-label": t("live.moveTo") },
    h("option", { value: "" }, `${t("live.moveTo")}…`),
    queues.length ? h("optgroup", { label: t("live.queue") },
      queues.map((queue) => h("option", { value: `queue:${queue.id}` }, queue.name))) : null,
    agents.length ? h("optgroup", { label: t("live.agent") },
      agents.map((agent) => h("option", { value: `agent:${agent.agentId}` },
        `${state.names.get(agent.agentId) ?? agent.agentId} · ${t(`agentState.${agent.state}`)}`))) : null);
  select.addEventListener("change", () => {
    select.blur();
    moveChat(chat, select.value);
  });
  return select;
}

function render() {
  const queueTable = document.querySelector("[data-testid=live-queues]");
  queueTable.replaceChildren(
    h("thead", {}, h("tr", {},
      h("th", {}, t("field.name")), h("th", {}, t("live.waiting")), h("th", {}, t("live.longestWait")),
      h("th", {}, t("live.serviceLevelToday")), h("th", {}, t("live.abandonedToday")), h("th", {}, t("live.answeredToday")),
      shownAgentStates().map((name) => h("th", {}, t(`agentState.${name}`))))),
    h("tbody", {}, state.queues.map((queue) => {
      const figures = queueFigures(queue, state.live);
      return h("tr", { dataset: { testid: "queue-row", name: queue.name } },
        h("td", {}, queue.name),
        h("td", { dataset: { testid: "queue-waiting" } }, String(figures.waiting)),
        h("td", { class: figures.late ? "over-threshold" : null,
          dataset: { testid: "queue-longest-wait", late: String(figures.late) } },
          figures.longest === null ? t("value.none") : `${figures.longest} s`),
        h("td", { class: figures.below ? "over-threshold" : null,
          dataset: { testid: "queue-service-level", below: String(figures.below), value: String(figures.serviceLevel ?? "") } },
          percent(figures.serviceLevel)),
        h("td", { dataset: { testid: "queue-abandoned", count: String(figures.abandoned) } },
          `${figures.abandoned} (${percent(figures.abandonmentRate)})`),
        h("td", { dataset: { testid: "queue-answered" } }, String(figures.answered)),
        shownAgentStates().map((name) => h("td", {}, String(figures.agents[name] ?? 0))));
    })));
  const agentTable = document.querySelector("[data-testid=live-agents]");
  // Not while the supervisor is choosing a state in it.
  if (agentTable.contains(document.activeElement) && document.activeElement.tagName === "SELECT") return renderRest();
  agentTable.replaceChildren(
    h("thead", {}, h("tr", {},
      h("th", {}, t("field.displayName")), h("th", {}, t("live.state")), h("th", {}, t("live.timeInState")),
      h("th", {}, t("live.contacts")), h("th", {}, t("live.setState")))),
    h("tbody", {}, state.agents.map((agent) => {
      const name = state.names.get(agent.agentId) ?? agent.agentId;
      const label = t(`agentState.${agent.state}`) + (agent.reason ? ` · ${labelOf("reason", agent.reason)}` : "");
      const inState = agent.stateSince ? Math.max(0, Math.floor((Date.now() - Date.parse(agent.stateSince)) / 1000)) : null;
      const limit = agent.state === "afterContactWork" ? settings.maximumAfterContactWorkSeconds : stateLimitSeconds[agent.state];
      const over = inState !== null && limit !== undefined && inState > limit;
      const setter = h("select", { dataset: { testid: "agent-row-set-state" }, "aria-label": t("live.setState") },
        [["", "—"], ["ready", t("agent.ready")], ["notReady", t("agent.notReady")], ["offline", t("live.logOut")]]
          .map(([value, text]) => h("option", { value }, text)));
      setter.addEventListener("change", () => {
        setter.blur();
        setAgentState(agent, setter.value);
      });
      return h("tr", { dataset: { testid: "agent-row", name } },
        h("td", {}, name),
        h("td", { dataset: { testid: "agent-row-state", state: agent.state } }, label),
        h("td", { class: over ? "over-threshold" : null, dataset: { testid: "agent-row-time", over: String(over) } },
          inState === null ? "" : clockText(inState)),
        h("td", {}, String(agent.offered.length + agent.connected.length + agent.wrappingUp.length)),
        h("td", {}, setter));
    })));
  renderRest();
}

/** The live chats and the status line. */
function renderRest() {
  renderChats();
  renderCalls();
  const status = document.querySelector("[data-testid=live-status]");
  status.textContent = state.error ? state.error : "";
}

function renderChats() {
  const queueNames = new Map(state.queues.map((queue) => [queue.id, queue.name]));
  const table = document.querySelector("[data-testid=live-chats]");
  // Not while the supervisor is choosing where to move a chat.
  if (table.contains(document.activeElement) && document.activeElement.tagName === "SELECT") return;
  table.replaceChildren(
    h("thead", {}, h("tr", {},
      h("th", {}, t("live.queue")), h("th", {}, t("live.agent")), h("th", {}, t("live.state")),
      h("th", {}, t("live.duration")), h("th", {}, t("live.lastMessage")), h("th", {}), h("th", {}))),
    h("tbody", {}, state.chats.length === 0 ? h("tr", {}, h("td", { colspan: 7 }, t("chat.none"))) : state.chats.map((chat) =>
      h("tr", { dataset: { testid: "chat-row", conversation: chat.id, phase: chat.phase } },
        h("td", {}, queueNames.get(chat.queueId) ?? ""),
        h("td", {}, chat.agentId ? state.names.get(chat.agentId) ?? "" : t("value.none")),
        h("td", {}, t(`chat.phase.${chat.phase}`)),
        h("td", {}, `${Math.max(0, Math.floor((Date.now() - Date.parse(chat.startedAt)) / 1000))} s`),
        h("td", { class: "last-message" }, chat.lastMessage ?? ""),
        h("td", {}, h("button", { type: "button", class: "link-button", dataset: { testid: "chat-monitor-open" },
          onclick: () => startMonitoring(chat) }, t("chat.monitor"))),
        h("td", {}, chat.phase === "queued" ? moveSelect(chat) : null)))));
}

/** The calls in progress: who calls, where the call is, and for how long (ticking). */
function renderCalls() {
  const queueNames = new Map(state.queues.map((queue) => [queue.id, queue.name]));
  document.querySelector("[data-testid=live-calls]").replaceChildren(
    h("thead", {}, h("tr", {}, ["live.caller", "live.state", "live.queue", "live.agent", "live.duration"].map((key) => h("th", {}, t(key))))),
    h("tbody", {}, state.calls.length === 0 ? h("tr", {}, h("td", { colspan: 5 }, t("call.none"))) : state.calls.map((call) =>
      h("tr", { dataset: { testid: "call-row", contact: call.contactId, stage: call.stage } },
        h("td", {}, `${call.caller ?? t("call.anonymous")}${call.callback ? ` · ${t("call.callback")}` : ""}`),
        h("td", { class: call.stage === "held" ? "over-threshold" : null }, t(`call.stage.${call.stage}`)),
        h("td", {}, call.queueId ? queueNames.get(call.queueId) ?? "" : t("value.none")),
        h("td", {}, call.agentId ? state.names.get(call.agentId) ?? "" : t("value.none")),
        h("td", {}, clockText(Math.max(0, Math.floor((Date.now() - Date.parse(call.startedAt)) / 1000))))))));
}

async function startMonitoring(chat) {
  if (monitor.id) chatStream.unwatch(monitor.id);
  monitor.id = chat.id;
  monitor.shown = new Set();
  monitor.forms = new Map();
  const panel = document.querySelector("[data-testid=chat-monitor]");
  const transcript = panel.querySelector("[data-testid=chat-monitor-transcript]");
  transcript.replaceChildren();
  panel.querySelector("[data-testid=chat-monitor-title]").textContent =
    `${t("chat.monitoring")} · ${state.queues.find((queue) => queue.id === chat.queueId)?.name ?? ""}`;
  panel.hidden = false;
  // Watch first, then read: a message in between arrives twice and is shown once.
  chatStream.watch(chat.id);
  try {
    const conversation = await api("GET", `/api/v1/chats/${chat.id}`);
    for (const message of conversation.messages) showMonitored(message);
  } catch (failure) {
    state.error = errorText(failure);
    render();
  }
}

function showMonitored(message) {
  if (message.conversation !== monitor.id || monitor.shown.has(message.sequence)) return;
  monitor.shown.add(message.sequence);
  if (message.kind === "form") monitor.forms.set(message.form.id, message.form);
  insertMessage(document.querySelector("[data-testid=chat-monitor-transcript]"), messageItem(message, undefined, monitor.forms));
}

function stopMonitoring() {
  if (monitor.id) chatStream.unwatch(monitor.id);
  monitor.id = null;
  document.querySelector("[data-testid=chat-monitor]").hidden = true;
}

async function load() {
  try {
    const [live, agents, chats, calls] = await Promise.all([
      loadQueues(), api("GET", "/api/v1/agents"), api("GET", "/api/v1/chats"), api("GET", "/api/v1/calls")]);
    state.live = live;
    state.queues = live.queues;
    state.agents = agents.items;
    state.chats = chats.items;
    state.calls = calls.items;
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
  chatStream = openChatStream((frame) => {
    if (frame.type === "message") showMonitored(frame);
  });
  document.querySelector("[data-testid=chat-monitor-close]").addEventListener("click", stopMonitoring);
  showAdherence(document.querySelector("[data-testid=adherence]"), state.names);
  showAdherenceReport(document.querySelector("[data-testid=adherence-report]"));
  const report = document.querySelector("[data-testid=kb-report]");
  showKnowledgeReport(report);
  showAnomalies();
  window.addEventListener("languagechange-firstcall", () => {
    showKnowledgeReport(report);
    showAnomalies();
  });
  await load();
  followRouting(load, 200);
  setInterval(render, 1000);
  const whisper = document.querySelector("[data-testid=chat-whisper]");
  whisper.elements.text.placeholder = t("chat.whisper");
  // Joining makes the supervisor heard: the customer and the agent are told, then she speaks.
  whisper.querySelector("[data-testid=chat-speak]").addEventListener("click", async () => {
    const input = whisper.elements.text;
    if (!monitor.id || !input.value.trim()) return;
    try {
      await api("POST", `/api/v1/chats/${monitor.id}/join`);
      await api("POST", `/api/v1/chats/${monitor.id}/messages`, { text: input.value.trim(), clientId: crypto.randomUUID() });
      input.value = "";
    } catch (failure) {
      state.error = errorText(failure);
      render();
    }
  });
  whisper.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = event.target.elements.text;
    if (!monitor.id || !input.value.trim()) return;
    try {
      await api("POST", `/api/v1/chats/${monitor.id}/messages`, { kind: "note", text: input.value.trim() });
      input.value = "";
    } catch (failure) {
      state.error = errorText(failure);
      render();
    }
  });
  setInterval(load, chatListRefreshMilliseconds);
});
