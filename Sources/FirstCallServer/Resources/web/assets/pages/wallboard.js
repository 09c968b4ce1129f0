// The wallboard (PRODUCT.md §7.1): for a screen across the room, each queue's waiting contacts,
// longest wait, service level and abandons today and its agents by state, in large type, red
// past its thresholds; the center's totals above. It follows the routing stream (WebSocket) and
// re-reads the figures when something happens; waits and the clock tick every second.

import { api } from "../shared/api.js";
import { errorText, h } from "../shared/dom.js";
import { t } from "../shared/i18n.js";
import { loadQueues, percent, queueFigures, shownAgentStates } from "../shared/livequeues.js";
import { startPage } from "../shared/session.js";
import { followRouting } from "../shared/stream.js";

/** Today's figures are re-read this often even when no routing event comes (a survey, a wrap-up). */
const refreshMilliseconds = 15000;

class Wallboard extends HTMLElement {
  connectedCallback() {
    const board = { live: null, agents: [], error: null };

    async function load() {
      try {
        const [live, agents] = await Promise.all([loadQueues(), api("GET", "/api/v1/agents")]);
        board.live = live;
        board.agents = agents.items;
        board.error = null;
      } catch (failure) {
        board.error = failure;
      }
      render();
    }

    function waitText(seconds) {
      if (seconds === null) return t("value.none");
      return seconds < 60 ? t("reports.seconds", { seconds }) : `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
    }

    function figure(testid, label, value, alarm = null, small = false) {
      const classes = ["figure", alarm ? "alarm" : null, small ? "small" : null].filter(Boolean).join(" ");
      return h("div", { class: classes, dataset: { testid, alarm: String(Boolean(alarm)) } },
        h("span", { class: "figure-value" }, value), h("span", { class: "figure-label" }, t(label)));
    }

    function render() {
      const error = document.querySelector("[data-testid=wallboard-error]");
      error.textContent = board.error ? errorText(board.error) : "";
      error.hidden = !board.error;
      if (!board.live) return;
      const all = board.live.queues.filter((queue) => queue.isActive !== false).map((queue) => [queue, queueFigures(queue, board.live)]);
      const today = [...board.live.today.values()];
      const counted = today.reduce((sum, queue) => sum + queue.offered - queue.shortAbandoned, 0);
      const within = today.reduce((sum, queue) => sum + queue.answeredWithinThreshold, 0);
      const overall = counted > 0 ? within / counted : null;
      const longest = all.reduce((most, [, figures]) => Math.max(most, figures.longest ?? -1), -1);
      // Each agent once, however many queues she serves.
      const byState = {};
      for (const agent of board.agents) byState[agent.state] = (byState[agent.state] ?? 0) + 1;
      document.querySelector("[data-testid=wallboard-totals]").replaceChildren(
        h("div", { class: "clock", dataset: { testid: "wallboard-clock" } }, new Date().toLocaleTimeString()),
        figure("wallboard-total-waiting", "live.waiting", String(all.reduce((sum, [, figures]) => sum + figures.waiting, 0))),
        figure("wallboard-total-longest", "live.longestWait", waitText(longest < 0 ? null : longest),
          all.some(([, figures]) => figures.late)),
        figure("wallboard-total-service-level", "live.serviceLevelToday", percent(overall), all.some(([, figures]) => figures.below)),
        figure("wallboard-total-abandoned", "live.abandonedToday", String(all.reduce((sum, [, figures]) => sum + figures.abandoned, 0))),
        figure("wallboard-total-answered", "live.answeredToday", String(all.reduce((sum, [, figures]) => sum + figures.answered, 0))),
        h("ul", { class: "agent-states" }, shownAgentStates().map((name) =>
          h("li", { dataset: { testid: `wallboard-total-agents-${name}` } },
            h("strong", {}, String(byState[name] ?? 0)), " ", t(`agentState.${name}`)))));
      document.querySelector("[data-testid=wallboard-queues]").replaceChildren(...all.map(([queue, figures]) =>
        h("article", { class: "wallboard-queue", dataset: { testid: "wallboard-queue", name: queue.name } },
          h("h2", {}, queue.name),
          h("div", { class: "figures" },
            figure("wallboard-waiting", "live.waiting", String(figures.waiting), figures.waiting > 0 && figures.late),
            figure("wallboard-longest", "live.longestWait", waitText(figures.longest), figures.late),
            figure("wallboard-service-level", "live.serviceLevelToday", percent(figures.serviceLevel), figures.below),
            figure("wallboard-abandoned", "live.abandonedToday", `${figures.abandoned} · ${percent(figures.abandonmentRate)}`,
              null, true)),
          h("ul", { class: "agent-states" }, shownAgentStates().map((name) =>
            h("li", { dataset: { testid: `wallboard-agents-${name}` } },
              h("strong", {}, String(figures.agents[name] ?? 0)), " ", t(`agentState.${name}`)))))));
    }

    startPage(() => render()).then(async (me) => {
      if (!me) return;
      const controls = document.querySelector("#page-controls");
      controls?.replaceChildren(h("button", { type: "button", class: "link-button", dataset: { testid: "wallboard-fullscreen" },
        onclick: () => document.documentElement.requestFullscreen?.() }, t("wallboard.fullScreen")));
      await load();
      followRouting(load, 300);
      setInterval(render, 1000);
      setInterval(load, refreshMilliseconds);
    });
  }
}

customElements.define("fc-wallboard", Wallboard);
