// The planner's schedule for one day: the scheduled agents each interval needs (from the
// staffing table), shift templates and the agents' availability in, the cheapest shifts and
// who works each out (`POST /api/v1/wfm/schedule`), the schedule fit drawn per interval, and
// the named shifts published to the agents' desktops (`PUT /api/v1/wfm/shifts`).

import { api } from "../shared/api.js";
import { drawAxes, plotArea, spreadIndexes, svgNode } from "../shared/axes.js";
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
  const openTable = section.querySelector("[data-testid=planner-open]");

  /** Staffing of the days on screen: [{timestamp, scheduledAgents}], and its interval. */
  let staffing = [];
  let intervalMinutes = 15;
  /** The last plan: the request's day and templates, and the server's answer. */
  let plan = null;
  let agentNames = new Map();

  /** A full-time and a part-time template that fit data of `minutes`-long intervals (a 15-minute
   * break is a whole interval on 30-minute data). */
  function defaultTemplates(minutes) {
    const whole = (value) => Math.max(minutes, Math.round(value / minutes) * minutes);
    return [
      { name: "FT8", hours: 8, cost: 150, earliest: "07:00", latest: "13:00", breakMinutes: whole(30), breakFrom: whole(210), breakUntil: whole(270) },
      { name: "PT4", hours: 4, cost: 80, earliest: "07:00", latest: "17:00", breakMinutes: whole(15), breakFrom: whole(90), breakUntil: whole(150) },
    ];
  }

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

  /** Bars of scheduled agents per interval against the requirement (a step line); red where
   * short; the agents' scale on the left and the hours along the bottom. */
  function drawFit(fit) {
    const width = 900;
    const height = 220;
    const area = plotArea(width, height);
    const count = fit.required.length;
    const highest = Math.ceil(Math.max(1, ...fit.required, ...fit.scheduled));
    const step = area.width / count;
    const y = (value) => area.top + area.height - (value / highest) * area.height;
    const svg = svgNode("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": t("planner.fitChart") });
    fit.scheduled.forEach((scheduled, index) => {
      const required = fit.required[index];
      const bar = svgNode("rect", {
        x: (area.left + index * step).toFixed(2), y: y(scheduled).toFixed(2), width: Math.max(0.5, step - 0.5).toFixed(2),
        height: (area.top + area.height - y(scheduled)).toFixed(2),
        class: scheduled < required ? "under" : scheduled > required ? "over" : "exact",
        "data-testid": "fit-interval", "data-required": required, "data-scheduled": scheduled,
      });
      const title = svgNode("title", {});
      title.textContent = t("planner.fitTitle", { time: clockOf(index * intervalMinutes), required, scheduled });
      bar.append(title);
      svg.append(bar);
    });
    const line = fit.required.flatMap((required, index) => [`${(area.left + index * step).toFixed(2)},${y(required).toFixed(2)}`,
      `${(area.left + (index + 1) * step).toFixed(2)},${y(required).toFixed(2)}`]);
    svg.append(svgNode("polyline", { points: line.join(" "), class: "required" }));
    const perDay = Math.round(1440 / intervalMinutes);
    drawAxes(svg, area, highest, count + 1, spreadIndexes(count + 1, 9).map((index) => ({
      index, label: clockOf((index % perDay) * intervalMinutes) + (count > perDay ? ` ·${Math.floor(index / perDay) + 1}` : ""),
    })));
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

  /** The plan of one day or of every day: figures over all of them, the fit of each in turn,
   * every assigned and open shift with its day. */
  function showPlan() {
    const { templates, days } = plan;
    const several = days.length > 1;
    const total = (pick) => days.reduce((sum, { answer }) => sum + pick(answer), 0);
    const mean = (pick) => {
      const values = days.map(({ answer }) => pick(answer)).filter((value) => value != null);
      return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : null;
    };
    const open = total((answer) => (answer.open || []).reduce((sum, shift) => sum + shift.count, 0));
    const assigned = days.flatMap(({ day, answer }) => (answer.assigned || []).map((shift) => ({ day, shift })));
    figures.replaceChildren(...[
      ["planner-cost", "planner.cost", total((answer) => answer.cost).toFixed(0)],
      ["planner-coverage", "planner.coverage", percent(mean((answer) => answer.fit.coverage))],
      ["planner-fit-value", "planner.fitValue", percent(mean((answer) => answer.fit.fit))],
      ["planner-assigned-count", "planner.assignedCount", String(assigned.length)],
      ["planner-open-count", "planner.openCount", String(open)],
    ].map(([testid, label, value]) => h("div", { class: "figure", dataset: { testid } },
      h("span", { class: "figure-value" }, value), h("span", {}, t(label)))));
    drawFit({
      required: days.flatMap(({ answer }) => answer.fit.required), scheduled: days.flatMap(({ answer }) => answer.fit.scheduled),
    });
    const clock = (date) => date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
    const dayCell = (day) => (several ? [h("td", {}, day)] : []);
    const dayHead = several ? [h("th", {}, t("planner.day"))] : [];
    assignedTable.replaceChildren(
      h("thead", {}, h("tr", {}, dayHead, ["planner.agent", "planner.template", "planner.shift", "planner.breaks"]
        .map((key) => h("th", {}, t(key))))),
      h("tbody", {}, assigned.map(({ day, shift }) => {
        const times = shiftTimes(day, templates, shift);
        return h("tr", { dataset: { testid: "planner-assigned-row", day } }, dayCell(day),
          h("td", {}, agentNames.get(shift.agentId) || shift.agentId),
          h("td", {}, shift.template),
          h("td", {}, `${clock(times.start)}–${clock(times.end)}`),
          h("td", {}, times.breaks.map((span) => `${clock(span.start)}–${clock(span.end)}`).join(", ")));
      })));
    const openShifts = days.flatMap(({ day, answer }) =>
      (answer.open || []).filter((shift) => shift.count > 0).map((shift) => ({ day, shift })));
    openTable.replaceChildren(
      h("thead", {}, h("tr", {}, dayHead, ["planner.template", "planner.shift", "planner.openNeeded"].map((key) => h("th", {}, t(key))))),
      h("tbody", {}, openShifts.length === 0
        ? h("tr", {}, h("td", { colspan: 4, class: "empty" }, t("planner.noOpenShifts")))
        : openShifts.map(({ day, shift }) => {
          const times = shiftTimes(day, templates, { ...shift, breakOffsets: shift.break_offsets ?? [] });
          return h("tr", { dataset: { testid: "planner-open-row", day } }, dayCell(day),
            h("td", {}, shift.template), h("td", {}, `${clock(times.start)}–${clock(times.end)}`), h("td", {}, String(shift.count)));
        })));
    publishButton.hidden = assigned.length === 0;
  }

  /** Builds the chosen day, or every day one after another ("all days"). */
  async function build() {
    const chosen = daySelect.value === "*" ? [...daySelect.options].map((option) => option.value).filter((value) => value !== "*")
      : [daySelect.value];
    publishButton.hidden = true;
    try {
      const templates = readTemplates();
      const agents = readAvailability();
      const days = [];
      for (const [index, day] of chosen.entries()) {
        const requirements = requirementsOf(day);
        status.textContent = chosen.length > 1 ? t("planner.workingDay", { day, done: index, count: chosen.length }) : t("planner.working");
        const answer = await api("POST", "/api/v1/wfm/schedule", {
          instance: {
            interval_minutes: intervalMinutes, horizon_intervals: requirements.length, requirements,
            shift_templates: templates,
          },
          timeLimitSeconds: 5,
          ...(agents.length > 0 ? { agents } : {}),
        });
        days.push({ day, answer });
      }
      plan = { templates, days };
      status.textContent = "";
      showPlan();
    } catch (failure) {
      status.textContent = errorText(failure);
    }
  }

  /** Publishes the plan's shifts, replacing what was published for its days. */
  async function publish() {
    const { templates, days } = plan;
    const from = new Date(`${days[0].day}T00:00:00`);
    const to = new Date(`${days[days.length - 1].day}T00:00:00`);
    to.setDate(to.getDate() + 1);
    const shifts = days.flatMap(({ day, answer }) => answer.assigned.map((shift) => {
      const times = shiftTimes(day, templates, shift);
      return {
        agentId: shift.agentId, start: times.start.toISOString(), end: times.end.toISOString(),
        breaks: times.breaks.map((span) => ({ start: span.start.toISOString(), end: span.end.toISOString() })),
      };
    }));
    const period = days.length > 1 ? `${days[0].day} – ${days[days.length - 1].day}` : days[0].day;
    try {
      const published = await api("PUT", "/api/v1/wfm/shifts", { from: from.toISOString(), to: to.toISOString(), shifts });
      status.textContent = t("planner.published", { count: published.items.length, day: period });
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
    daySelect.replaceChildren(...days.map((day) => h("option", { value: day }, day)),
      ...(days.length > 1 ? [h("option", { value: "*" }, t("planner.allDays", { count: days.length }))] : []));
    if (templateRows.children.length === 0) templateRows.append(...defaultTemplates(minutes).map(templateRow));
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
