// The published schedule on screen: an agent's own shifts for the week ahead in the desktop,
// schedule adherence today on the supervisor's view, with an alert for every agent out of
// the scheduled activity for longer than the grace period (both re-read the API on a timer),
// and the adherence report of the last week per day, team and agent.

import { api } from "../shared/api.js";
import { errorText, h } from "../shared/dom.js";
import { t } from "../shared/i18n.js";

const refreshMilliseconds = 15000;

function clock(iso) {
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
}

function day(iso) {
  return new Date(iso).toLocaleDateString([], { weekday: "short", month: "2-digit", day: "2-digit" });
}

function percent(rate) {
  return rate == null ? t("value.none") : `${(rate * 100).toFixed(1)}%`;
}

function startOfToday() {
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  return today;
}

function period(from, days) {
  const to = new Date(from);
  to.setDate(to.getDate() + days);
  return `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
}

function repeat(load) {
  load();
  setInterval(load, refreshMilliseconds);
  window.addEventListener("languagechange-firstcall", load);
}

/** Shows `agentId`'s shifts from today for seven days in `container`. */
export function showMyShifts(container, agentId) {
  repeat(async () => {
    let items;
    try {
      items = (await api("GET", `/api/v1/agents/${agentId}/shifts?${period(startOfToday(), 7)}`)).items;
    } catch (failure) {
      container.replaceChildren(h("h2", {}, t("shifts.mine")), h("p", { class: "form-error" }, errorText(failure)));
      return;
    }
    container.replaceChildren(
      h("h2", {}, t("shifts.mine")),
      items.length === 0
        ? h("p", { class: "empty", dataset: { testid: "my-shifts-empty" } }, t("shifts.none"))
        : h("ul", { class: "shift-list" }, items.map((shift) =>
          h("li", { dataset: { testid: "my-shift" } },
            h("strong", {}, `${day(shift.start)} ${clock(shift.start)}–${clock(shift.end)}`),
            shift.breaks.length === 0 ? "" : h("span", { class: "hint" },
              ` · ${t("shifts.breaks")} ${shift.breaks.map((span) => `${clock(span.start)}–${clock(span.end)}`).join(", ")}`)))));
  });
}

/** Shows today's adherence of every scheduled agent in `container`, alerts first. */
export function showAdherence(container, names) {
  repeat(async () => {
    let report;
    try {
      report = await api("GET", `/api/v1/wfm/adherence?${period(startOfToday(), 1)}`);
    } catch (failure) {
      container.replaceChildren(h("h2", {}, t("adherence.title")), h("p", { class: "form-error" }, errorText(failure)));
      return;
    }
    const name = (agent) => agent.displayName ?? names.get(agent.agentId) ?? agent.agentId;
    const alerts = report.agents.filter((agent) => agent.alert);
    const minutesOut = (agent) => Math.floor((Date.parse(report.to) - Date.parse(agent.outOfAdherenceSince)) / 60000);
    container.replaceChildren(
      h("h2", {}, t("adherence.title")),
      h("div", { class: "figures" },
        h("div", { class: "figure", dataset: { testid: "adherence-total" } },
          h("span", { class: "figure-value" }, percent(report.adherence)), h("span", {}, t("adherence.today")))),
      h("ul", { class: "alerts", dataset: { testid: "adherence-alerts" } }, alerts.map((agent) =>
        h("li", { role: "alert", dataset: { testid: "adherence-alert", name: name(agent) } },
          t("adherence.alert", {
            name: name(agent), activity: t(`activity.${agent.activity}`), state: t(`agentState.${agent.state}`),
            minutes: minutesOut(agent),
          })))),
      h("table", { class: "records", dataset: { testid: "adherence-agents" } },
        h("thead", {}, h("tr", {}, ["field.displayName", "adherence.activity", "live.state", "adherence.rate"]
          .map((key) => h("th", {}, t(key))))),
        h("tbody", {}, report.agents.length === 0
          ? h("tr", {}, h("td", { colspan: 4, class: "empty" }, t("shifts.none")))
          : report.agents.map((agent) => h("tr", { class: agent.alert ? "out-of-adherence" : "",
            dataset: { testid: "adherence-row", name: name(agent) } },
            h("td", {}, name(agent)),
            h("td", {}, agent.activity ? t(`activity.${agent.activity}`) : t("value.none")),
            h("td", {}, t(`agentState.${agent.state}`)),
            h("td", { dataset: { testid: "adherence-rate" } }, percent(agent.adherence)))))));
  });
}

/** Shows adherence per day of the last seven days and today, for the center, each team and
 * each scheduled agent, in `container`. */
export function showAdherenceReport(container) {
  const load = async () => {
    const from = startOfToday();
    from.setDate(from.getDate() - 7);
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    let report;
    try {
      report = await api("GET", `/api/v1/wfm/adherence/daily?${period(from, 8)}&timeZone=${encodeURIComponent(timeZone)}`);
    } catch (failure) {
      container.replaceChildren(h("h2", {}, t("adherence.report")), h("p", { class: "form-error" }, errorText(failure)));
      return;
    }
    const hours = (figures) => (figures.scheduledSeconds / 3600).toFixed(1);
    const row = (date, scope, name, figures) => h("tr", {
      class: scope === "center" ? "total" : "", dataset: { testid: "adherence-report-row", date, scope, name },
    },
    h("td", {}, date), h("td", {}, scope === "center" ? t("adherence.center") : name),
    h("td", {}, t(`adherence.scope.${scope}`)), h("td", {}, hours(figures)),
    h("td", { dataset: { testid: "adherence-report-rate" } }, percent(figures.adherence)));
    container.replaceChildren(
      h("h2", {}, t("adherence.report")),
      h("table", { class: "records", dataset: { testid: "adherence-report" } },
        h("thead", {}, h("tr", {}, ["adherence.date", "adherence.who", "adherence.scope", "adherence.scheduledHours", "adherence.rate"]
          .map((key) => h("th", {}, t(key))))),
        h("tbody", {}, report.days.length === 0
          ? h("tr", {}, h("td", { colspan: 5, class: "empty" }, t("shifts.none")))
          : [...report.days].reverse().flatMap((day) => [
            row(day.date, "center", "", day.figures),
            ...day.teams.map((team) => row(day.date, "team", team.name ?? team.teamId, team.figures)),
            ...day.agents.map((agent) => row(day.date, "agent", agent.displayName ?? agent.agentId, agent.figures)),
          ]))));
  };
  load();
  window.addEventListener("languagechange-firstcall", load);
}
