// The planner's schedule for one day: the scheduled agents each interval needs (from the
// staffing table), shift templates and the agents' availability in, the cheapest shifts and
// who works each out (`POST /api/v1/wfm/schedule`), the schedule fit drawn per interval, and
// the named shifts published to the agents' desktops (`PUT /api/v1/wfm/shifts`).

import { api } from "../shared/api.js";
import { errorText, h } from "../shared/dom.js";
import { t } from "../shared/i18n.js";
/**
 * The schedule builder inside `section` (the planner's schedule step): it holds its own state
 * (the staffing of the days shown, the last plan, the agents' names) and answers `show(points,
 * minutes)` when the planner has staffed some intervals.
 */
export function scheduleBuilder(section) {
  const daySelect = section.querySelector("[data-testid=planner-day]");
  const templateRows = section.querySelector("[data-testid=planner-templates] tbody");
  const availabilityRows = section.querySelector("[data-testid=planner-availability] tbody");
  const status = section.querySelector("[data-testid=planner-schedule-status]");
  const figures = section.querySelector("[data-testid=planner-schedule-figures]");
  const fitChart = section.querySelector("[data-testid=planner-fit]");
  const assignedTable = section.querySelector("[data-testid=planner-assigned]");
  const publishButton = section.querySelector("[data-testid=planner-publish]");

  /** Staffing of the days on screen: [{timestamp, scheduledAgents}], and its interval. */
  let staffing = [];
  let intervalMinutes = 15;
  /** The last plan: the request's day and templates, and the server's answer. */
  let plan = null;
  let agentNames = new Map();

  const defaultTemplates = [
    { name: "FT8", hours: 8, cost: 150, earliest: "07:00", latest: "13:00", breakMinutes: 30, breakFrom: 210, breakUntil: 270 },
    { name: "PT4", hours: 4, cost: 80, earliest: "07:00", latest: "17:00", breakMinutes: 15, breakFrom: 90, breakUntil: 150 },
  ];

  const templateFields = [
    ["name", "text"], ["hours", "number"], ["cost", "number"], ["earliest", "time"], ["latest", "time"],
    ["breakMinutes", "number"], ["breakFrom", "number"], ["breakUntil", "number"],
  ];

  function templateRow(template) {
    const row = h("tr", { dataset: { testid: "planner-template" } },
      templateFields.map(([field, type]) => h("td", {}, h("input", {
        type, value: String(template[field]), "aria-label": t(`planner.template.${field}`),
        dataset: { field }, step: type === "number" ? "any" : undefined, min: type === "number" ? "0" : undefined,
      }))),
      h("td", {}, h("button", { type: "button", class: "link-button danger", onclick: () => row.remove() }, t("planner.remove"))));
    return row;
  }

  /** Minutes since midnight of "HH:MM". */
  function minutesOf(clock) {
    const match = /^(\d{1,2}):(\d{2})$/.exec(clock.trim());
    if (!match || Number(match[1]) > 24 || Number(match[2]) > 59) return NaN;
    return Number(match[1]) * 60 + Number(match[2]);
  }

  function clockOf(minutes) {
    const whole = Math.round(minutes);
    return `${String(Math.floor(whole / 60)).padStart(2, "0")}:${String(whole % 60).padStart(2, "0")}`;
  }

  /** Whole intervals in `minutes`, or an error naming `what`. */
  function intervals(minutes, what) {
    const count = minutes / intervalMinutes;
    if (!Number.isFinite(count) || count < 0 || Math.abs(count - Math.round(count)) > 1e-9) {
      throw new Error(t("planner.notWhole", { what, minutes: intervalMinutes }));
    }
    return Math.round(count);
  }

  /** The shift templates of the table in the instance format of `firstcall schedule`. */
  function readTemplates() {
    return [...templateRows.querySelectorAll("tr")].map((row) => {
      const value = (field) => row.querySelector(`[data-field=${field}]`).value;
      const name = value("name").trim();
      if (!name) throw new Error(t("planner.templateName"));
      const earliest = intervals(minutesOf(value("earliest")), `${name} ${t("planner.template.earliest")}`);
      const latest = intervals(minutesOf(value("latest")), `${name} ${t("planner.template.latest")}`);
      if (latest < earliest) throw new Error(t("planner.startOrder", { name }));
      const breakLength = intervals(Number(value("breakMinutes")), `${name} ${t("planner.template.breakMinutes")}`);
      return {
        name,
        length_intervals: intervals(Number(value("hours")) * 60, `${name} ${t("planner.template.hours")}`),
        cost: Number(value("cost")),
        start_intervals: Array.from({ length: latest - earliest + 1 }, (_, index) => earliest + index),
        breaks: breakLength === 0 ? [] : [{
          length_intervals: breakLength,
          earliest_offset: intervals(Number(value("breakFrom")), `${name} ${t("planner.template.breakFrom")}`),
          latest_offset: intervals(Number(value("breakUntil")), `${name} ${t("planner.template.breakUntil")}`),
        }],
      };
    });
  }

  /** Each agent's windows in intervals of the day: "08:00-17:00, 19:00-22:00"; empty is off. */
  function readAvailability() {
    return [...availabilityRows.querySelectorAll("tr")].flatMap((row) => {
      const text = row.querySelector("input").value.trim();
      if (!text) return [];
      const windows = text.split(/[,，;；]/).map((part) => part.trim()).filter(Boolean).map((part) => {
        const [from, to] = part.split(/[-–~～]/).map(minutesOf);
        if (!(from < to)) throw new Error(t("planner.badWindow", { name: row.dataset.name, window: part }));
        return [Math.ceil(from / intervalMinutes), Math.floor(to / intervalMinutes)];
      }).filter(([from, to]) => from < to);
      return windows.length === 0 ? [] : [{ agentId: row.dataset.agentId, windows }];
    });
  }

  function requirementsOf(day) {
    const perDay = Math.round(1440 / intervalMinutes);
    const required = new Array(perDay).fill(0);
    for (const point of staffing) {
      if (point.timestamp.slice(0, 10) !== day) continue;
      const index = Math.round(minutesOf(point.timestamp.slice(11, 16)) / intervalMinutes);
      if (index >= 0 && index < perDay) required[index] = point.scheduledAgents;
    }
    return required;
  }

  function percent(rate) {
    return rate == null ? t("value.none") : `${(rate * 100).toFixed(1)}%`;
  }

  /** Bars of scheduled agents per interval against the requirement (a step line); red where short. */
  function drawFit(fit) {
    const width = 900;
    const height = 200;
    const count = fit.required.length;
    const highest = Math.max(1, ...fit.required, ...fit.scheduled);
    const step = width / count;
    const y = (value) => height - (value / highest) * (height - 10);
    const svgNode = (tag, attributes) => {
      const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
      for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
      return node;
    };
    const svg = svgNode("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": t("planner.fitChart") });
    fit.scheduled.forEach((scheduled, index) => {
      const required = fit.required[index];
      const bar = svgNode("rect", {
        x: (index * step).toFixed(2), y: y(scheduled).toFixed(2), width: Math.max(0.5, step - 0.5).toFixed(2),
        height: (height - y(scheduled)).toFixed(2),
        class: scheduled < required ? "under" : scheduled > required ? "over" : "exact",
        "data-testid": "fit-interval", "data-required": required, "data-scheduled": scheduled,
      });
      const title = svgNode("title", {});
      title.textContent = t("planner.fitTitle", { time: clockOf(index * intervalMinutes), required, scheduled });
      bar.append(title);
      svg.append(bar);
    });
    const line = fit.required.flatMap((required, index) => [`${(index * step).toFixed(2)},${y(required).toFixed(2)}`,
      `${((index + 1) * step).toFixed(2)},${y(required).toFixed(2)}`]);
    svg.append(svgNode("polyline", { points: line.join(" "), class: "required" }));
    fitChart.replaceChildren(svg, h("p", { class: "legend" },
      h("span", { class: "required" }, t("planner.requiredLine")), " ",
      h("span", { class: "under" }, t("planner.underBar")), " ",
      h("span", { class: "over" }, t("planner.overBar"))));
  }

  function shiftTimes(day, templates, shift) {
    const template = templates.find((candidate) => candidate.name === shift.template);
    const dayStart = new Date(`${day}T00:00:00`);
    const at = (interval) => new Date(dayStart.getTime() + interval * intervalMinutes * 60000);
    return {
      start: at(shift.start),
      end: at(shift.start + template.length_intervals),
      breaks: template.breaks.map((rule, index) => ({
        start: at(shift.start + shift.breakOffsets[index]),
        end: at(shift.start + shift.breakOffsets[index] + rule.length_intervals),
      })),
    };
  }

  function showPlan() {
    const { day, templates, answer } = plan;
    const open = (answer.open || []).reduce((sum, shift) => sum + shift.count, 0);
    const assigned = answer.assigned || [];
    figures.replaceChildren(...[
      ["planner-cost", "planner.cost", answer.cost.toFixed(0)],
      ["planner-coverage", "planner.coverage", percent(answer.fit.coverage)],
      ["planner-fit-value", "planner.fitValue", percent(answer.fit.fit)],
      ["planner-assigned-count", "planner.assignedCount", String(assigned.length)],
      ["planner-open-count", "planner.openCount", String(open)],
    ].map(([testid, label, value]) => h("div", { class: "figure", dataset: { testid } },
      h("span", { class: "figure-value" }, value), h("span", {}, t(label)))));
    drawFit(answer.fit);
    const clock = (date) => date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
    assignedTable.replaceChildren(
      h("thead", {}, h("tr", {}, ["planner.agent", "planner.template", "planner.shift", "planner.breaks"]
        .map((key) => h("th", {}, t(key))))),
      h("tbody", {}, assigned.map((shift) => {
        const times = shiftTimes(day, templates, shift);
        return h("tr", { dataset: { testid: "planner-assigned-row" } },
          h("td", {}, agentNames.get(shift.agentId) || shift.agentId),
          h("td", {}, shift.template),
          h("td", {}, `${clock(times.start)}–${clock(times.end)}`),
          h("td", {}, times.breaks.map((span) => `${clock(span.start)}–${clock(span.end)}`).join(", ")));
      })));
    publishButton.hidden = assigned.length === 0;
  }

  async function build() {
    const day = daySelect.value;
    publishButton.hidden = true;
    try {
      const templates = readTemplates();
      const agents = readAvailability();
      const requirements = requirementsOf(day);
      status.textContent = t("planner.working");
      const answer = await api("POST", "/api/v1/wfm/schedule", {
        instance: {
          interval_minutes: intervalMinutes, horizon_intervals: requirements.length, requirements,
          shift_templates: templates,
        },
        timeLimitSeconds: 5,
        ...(agents.length > 0 ? { agents } : {}),
      });
      plan = { day, templates, answer };
      status.textContent = "";
      showPlan();
    } catch (failure) {
      status.textContent = errorText(failure);
    }
  }

  async function publish() {
    const { day, templates, answer } = plan;
    const from = new Date(`${day}T00:00:00`);
    const to = new Date(from);
    to.setDate(to.getDate() + 1);
    const shifts = answer.assigned.map((shift) => {
      const times = shiftTimes(day, templates, shift);
      return {
        agentId: shift.agentId, start: times.start.toISOString(), end: times.end.toISOString(),
        breaks: times.breaks.map((span) => ({ start: span.start.toISOString(), end: span.end.toISOString() })),
      };
    });
    try {
      const published = await api("PUT", "/api/v1/wfm/shifts", { from: from.toISOString(), to: to.toISOString(), shifts });
      status.textContent = t("planner.published", { count: published.items.length, day });
    } catch (failure) {
      status.textContent = errorText(failure);
    }
  }

  async function loadAgents() {
    const users = (await api("GET", "/api/v1/users")).items.filter((user) => user.role === "agent" && user.isActive);
    agentNames = new Map(users.map((user) => [user.id, user.displayName]));
    const kept = new Map([...availabilityRows.querySelectorAll("tr")].map((row) => [row.dataset.agentId, row.querySelector("input").value]));
    availabilityRows.replaceChildren(...users.map((user) => h("tr", {
      dataset: { testid: "planner-agent", agentId: user.id, name: user.displayName },
    },
    h("td", {}, user.displayName),
    h("td", {}, h("input", {
      type: "text", value: kept.get(user.id) || "", placeholder: "08:00-17:00", "aria-label": user.displayName,
      dataset: { testid: "planner-window" },
    })))));
  }

  /** Shows the schedule builder for the staffed intervals `points` ({timestamp, scheduledAgents}). */
  async function show(points, minutes) {
    staffing = points;
    intervalMinutes = minutes;
    const days = [...new Set(points.map((point) => point.timestamp.slice(0, 10)))];
    daySelect.replaceChildren(...days.map((day) => h("option", { value: day }, day)));
    if (templateRows.children.length === 0) templateRows.append(...defaultTemplates.map(templateRow));
    section.hidden = false;
    try {
      await loadAgents();
    } catch (failure) {
      status.textContent = errorText(failure);
    }
  }

  section.querySelector("[data-testid=planner-add-template]").addEventListener("click", () =>
    templateRows.append(templateRow({ name: "", hours: 8, cost: 0, earliest: "08:00", latest: "08:00", breakMinutes: 0, breakFrom: 0, breakUntil: 0 })));
  section.querySelector("[data-testid=planner-build]").addEventListener("click", build);
  publishButton.addEventListener("click", publish);

  return { show };
}
