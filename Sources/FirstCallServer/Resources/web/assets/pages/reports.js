// Reports: a period's figures (PRODUCT.md §7.2, §7.4) from GET /api/v1/reports/contacts —
// tiles for the whole period, the service level against its target and the volume per
// interval as SVG charts, tables by interval, queue, team, agent, channel and reason, each
// exported as CSV, and the knowledge base's searches.

import { api } from "../shared/api.js";
import { drawAxes, plotArea, spreadIndexes, svgNode } from "../shared/axes.js";
import { errorText, h } from "../shared/dom.js";
import { t } from "../shared/i18n.js";
import { startPage } from "../shared/session.js";
import { showKnowledgeReport } from "../components/kbreport.js";
import { anomalyList } from "../components/anomalies.js";

/** The figures every table shows: its key in the API, how it is written, its label. */
const figures = [
  ["offered", "count"], ["answered", "count"], ["abandoned", "count"], ["answerRate", "share"],
  ["abandonmentRate", "share"], ["serviceLevel", "share"], ["averageSpeedOfAnswerSeconds", "seconds"],
  ["averageHandleSeconds", "seconds"], ["averageTalkSeconds", "seconds"], ["transferRate", "share"],
  ["fcrRate", "share"], ["surveyFcrRate", "share"], ["transcriptFcrRate", "share"], ["csat", "share"], ["csatMean", "score"],
  ["selfServiceRate", "share"], ["transferToHumanRate", "share"],
];

/** The agents' time, in the tables of teams and agents and in the tiles (§7.4 occupancy, utilization). */
const agentFigures = [
  ["occupancy", "share"], ["utilization", "share"], ["concurrency", "score"], ["loggedInSeconds", "hours"],
];

/** A team's and the center's agents who left (§7.4 attrition). */
const attritionFigures = [["agentsLeft", "count"], ["attritionRate", "share"]];

/** The tiles over the tables: the period's headline figures. */
const tiles = ["offered", "serviceLevel", "abandonmentRate", "averageSpeedOfAnswerSeconds", "averageHandleSeconds",
  "fcrRate", "surveyFcrRate", "transcriptFcrRate", "csat", "selfServiceRate", "transferToHumanRate", "occupancy",
  "utilization", "attritionRate"];

/** The groupings, in the order their tables are shown. */
const groupings = ["byInterval", "byQueue", "byTeam", "byAgent", "byChannel", "byReason"];

const periods = ["15", "30", "60", "day", "week", "month", "quarter"];

function shown(value, kind) {
  if (value === null || value === undefined) return "–";
  switch (kind) {
    case "share": return `${(value * 100).toFixed(1)}%`;
    case "seconds": return t("reports.seconds", { seconds: value.toFixed(value < 100 ? 1 : 0) });
    case "score": return value.toFixed(2);
    case "hours": return t("reports.hours", { hours: (value / 3600).toFixed(1) });
    default: return String(value);
  }
}

/** A figure for a CSV file: shares as fractions, seconds with one decimal, empty when unknown. */
function exported(value, kind) {
  if (value === null || value === undefined) return "";
  if (kind === "share") return value.toFixed(4);
  if (kind === "seconds" || kind === "score" || kind === "hours") return value.toFixed(2);
  return String(value);
}

function csvCell(text) {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll("\"", "\"\"")}"` : text;
}

/** A date input's value for `date` in local time (YYYY-MM-DD). */
function dayText(date) {
  return new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}

class ReportsPage extends HTMLElement {
  connectedCallback() {
    const page = { queues: [], report: null, query: null, asked: 0, satisfaction: null };

    function showError(failure) {
      const error = document.querySelector("[data-testid=reports-error]");
      error.textContent = failure ? errorText(failure) : "";
      error.hidden = !failure;
    }

    /** The row label of an interval: its start written for the period it is. */
    function intervalLabel(start, period) {
      const date = new Date(start);
      if (period === "month") return date.toLocaleDateString(undefined, { year: "numeric", month: "long" });
      if (period === "week") return t("reports.weekOf", { date: date.toLocaleDateString() });
      if (period === "day") return date.toLocaleDateString();
      return date.toLocaleString(undefined, { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" });
    }

    function groupName(grouping, row) {
      if (grouping === "byInterval") return intervalLabel(row.start, page.report.period);
      if (grouping === "byChannel") return t(`channel.${row.name}`);
      return row.name;
    }

    function form() {
      const today = new Date();
      const element = document.querySelector("[data-testid=reports-form]");
      const field = (label, control) => h("label", { class: "field" }, h("span", {}, t(label)), control);
      const previous = page.query;
      element.replaceChildren(
        field("history.from", h("input", { type: "date", name: "from", required: true, dataset: { testid: "reports-from" },
          value: previous?.from ?? dayText(new Date(today.getTime() - 6 * 86400000)) })),
        field("history.to", h("input", { type: "date", name: "to", required: true, dataset: { testid: "reports-to" },
          value: previous?.to ?? dayText(today) })),
        field("reports.period", h("select", { name: "period", dataset: { testid: "reports-period" } },
          periods.map((period) => h("option", { value: period, selected: (previous?.period ?? "day") === period },
            t(`reports.period.${period}`))))),
        field("live.queue", h("select", { name: "queueId", dataset: { testid: "reports-queue" } },
          h("option", { value: "" }, t("history.anyQueue")),
          page.queues.map((queue) => h("option", { value: queue.id, selected: previous?.queueId === queue.id }, queue.name)))),
        field("reports.channel", h("select", { name: "channel", dataset: { testid: "reports-channel" } },
          h("option", { value: "" }, t("reports.anyChannel")),
          ["voice", "chat", "email"].map((channel) => h("option", { value: channel, selected: previous?.channel === channel },
            t(`channel.${channel}`))))),
        field("reports.fcrWindow", h("select", { name: "fcrWindowHours", dataset: { testid: "reports-fcr-window" } },
          ["2", "24", "168"].map((hours) => h("option", { value: hours, selected: (previous?.fcrWindowHours ?? "2") === hours },
            t(`reports.fcrWindow.${hours}`))))),
        h("button", { type: "submit", dataset: { testid: "reports-submit" } }, t("reports.show")));
      element.onsubmit = (event) => {
        event.preventDefault();
        const values = element.elements;
        page.query = {
          from: values.from.value, to: values.to.value, period: values.period.value, queueId: values.queueId.value,
          channel: values.channel.value, fcrWindowHours: values.fcrWindowHours.value,
        };
        load();
      };
    }

    async function load() {
      const query = page.query;
      // Whole local days: from the start of the first to the end of the last.
      const from = new Date(`${query.from}T00:00:00`);
      const to = new Date(new Date(`${query.to}T00:00:00`).getTime() + 86400000);
      const parameters = new URLSearchParams({
        from: from.toISOString(), to: to.toISOString(), period: query.period, fcrWindowHours: query.fcrWindowHours,
      });
      if (query.queueId) parameters.set("queueId", query.queueId);
      if (query.channel) parameters.set("channel", query.channel);
      // Only the answer to the latest question is shown, whichever arrives last.
      const asked = ++page.asked;
      let report = null;
      let failure = null;
      try {
        report = await api("GET", `/api/v1/reports/contacts?${parameters}`);
      } catch (error) {
        failure = error;
      }
      if (asked !== page.asked) return;
      page.report = report;
      showError(failure);
      render();
      loadSatisfaction(to, asked);
    }

    function render() {
      const report = page.report;
      const kinds = new Map([...figures, ...agentFigures, ...attritionFigures]);
      document.querySelector("[data-testid=report-tiles]").replaceChildren(...(report ? tiles.map((key) =>
        h("div", { class: "tile", dataset: { testid: `report-tile-${key}` } },
          h("span", { class: "tile-label" }, t(`figure.${key}`)),
          h("strong", { class: "tile-value" }, shown(report.overall[key], kinds.get(key))))) : []));
      drawServiceLevel(report);
      drawVolume(report);
      showAnomalies(report);
      showAbandonment(report);
      showRootCauses(report);
      showSatisfaction();
      document.querySelector("[data-testid=report-tables]").replaceChildren(...(report ? groupings.map(table) : []));
    }

    /** A small table: a header row of message keys and rows of texts. */
    function smallTable(testid, headings, rows) {
      return h("table", { class: "records compact", dataset: { testid } },
        h("thead", {}, h("tr", {}, headings.map((key) => h("th", {}, t(key))))),
        h("tbody", {}, rows.length === 0
          ? h("tr", {}, h("td", { colspan: headings.length, class: "empty" }, t("reports.none")))
          : rows.map((cells) => h("tr", { dataset: { testid: "report-row" } }, cells.map((text) => h("td", {}, text))))));
    }

    /** Agents and teams far from their peers, with the rule that found them. */
    function showAnomalies(report) {
      const box = document.querySelector("[data-testid=report-anomalies]");
      box.replaceChildren(...(report ? anomalyList(report.anomalies, "report-anomaly") : []));
    }

    /** Where customers gave up: in the IVR or bot, in the queue, while an agent was rung. */
    function showAbandonment(report) {
      const box = document.querySelector("[data-testid=report-abandonment]");
      if (!report) return box.replaceChildren();
      const row = (label, figuresOf) => [label, String(figuresOf.abandonedInSelfService), String(figuresOf.abandonedInQueue),
        String(figuresOf.abandonedRinging)];
      box.replaceChildren(h("h2", {}, t("reports.abandonment")),
        smallTable("report-abandonment-table", ["reports.byInterval", "reports.abandonedInSelfService",
          "reports.abandonedInQueue", "reports.abandonedRinging"],
        [row(t("reports.whole"), report.overall), ...report.byInterval.map((interval) =>
          row(intervalLabel(interval.start, report.period), interval))]));
    }

    /** What drives repeat contacts: the reasons, queues, teams and agents with the most. */
    function showRootCauses(report) {
      const box = document.querySelector("[data-testid=report-root-causes]");
      if (!report) return box.replaceChildren();
      const top = (grouping) => [...report[grouping]].filter((row) => row.repeated > 0)
        .sort((a, b) => b.repeated - a.repeated).slice(0, 5)
        .map((row) => [groupName(grouping, row), String(row.repeated), shown(row.fcrRate, "share")]);
      box.replaceChildren(h("h2", {}, t("reports.rootCauses")), h("p", { class: "hint" }, t("reports.rootCausesHint")),
        h("div", { class: "root-causes" }, ["byReason", "byQueue", "byTeam", "byAgent"].map((grouping) =>
          h("div", { dataset: { testid: `report-root-${grouping}` } },
            smallTable(`report-root-table-${grouping}`, [`reports.${grouping}`, "reports.repeats", "figure.fcrRate"], top(grouping))))));
    }

    /** CSAT by month and by quarter over the year up to the period's end. */
    async function loadSatisfaction(end, asked) {
      const from = new Date(end.getTime() - 365 * 86400000).toISOString();
      try {
        const [months, quarters] = await Promise.all(["month", "quarter"].map((period) =>
          api("GET", `/api/v1/reports/contacts?${new URLSearchParams({ from, to: end.toISOString(), period })}`)));
        if (asked !== page.asked) return;
        page.satisfaction = { months: months.byInterval, quarters: quarters.byInterval };
      } catch {
        page.satisfaction = null;
      }
      showSatisfaction();
    }

    function showSatisfaction() {
      const box = document.querySelector("[data-testid=report-csat]");
      const data = page.satisfaction;
      if (!data) return box.replaceChildren();
      const rated = (rows) => rows.filter((row) => row.rated > 0);
      const months = rated(data.months);
      const [width, height] = [480, 200];
      const area = plotArea(width, height);
      const svg = svgNode("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": t("reports.csatByMonth") });
      const slot = area.width / Math.max(1, months.length);
      months.forEach((row, index) => {
        const barHeight = row.csat * area.height;
        svg.append(svgNode("rect", { x: area.left + index * slot + slot * 0.2, y: area.top + area.height - barHeight,
          width: slot * 0.6, height: barHeight, class: "csat", "data-testid": "report-csat-bar" }));
      });
      drawAxes(svg, area, 100, months.length, months.map((row, index) => ({ index,
        label: new Date(row.start).toLocaleDateString(undefined, { year: "2-digit", month: "numeric" }) })));
      const quarterName = (start) => {
        const date = new Date(start);
        return t("reports.quarterOf", { year: date.getFullYear(), quarter: Math.floor(date.getMonth() / 3) + 1 });
      };
      box.replaceChildren(h("h2", {}, t("reports.csatTrend")),
        h("figure", { class: "chart csat-chart", dataset: { testid: "report-csat-chart" } },
          h("figcaption", {}, t("reports.csatByMonth")), svg),
        smallTable("report-csat-quarters", ["reports.quarter", "figure.csat", "figure.csatMean", "reports.rated"],
          rated(data.quarters).map((row) => [quarterName(row.start), shown(row.csat, "share"), shown(row.csatMean, "score"),
            String(row.rated)])));
    }

    /** The target the service level is drawn against: the chosen queue's, else the mean of all. */
    function target(report) {
      const targets = Object.entries(report.serviceLevelTargets);
      if (page.query.queueId && report.serviceLevelTargets[page.query.queueId] !== undefined) {
        return report.serviceLevelTargets[page.query.queueId];
      }
      return targets.length ? targets.reduce((sum, [, value]) => sum + value, 0) / targets.length : 0.8;
    }

    function timeTicks(rows) {
      return spreadIndexes(rows.length).map((index) => ({ index, label: intervalLabel(rows[index].start, page.report.period) }));
    }

    function drawServiceLevel(report) {
      const figure = document.querySelector("[data-testid=report-chart-sl]");
      if (!report || report.byInterval.length === 0) return figure.replaceChildren();
      const rows = report.byInterval;
      const [width, height] = [720, 220];
      const area = plotArea(width, height);
      const x = (index) => area.left + (rows.length <= 1 ? area.width / 2 : (index / (rows.length - 1)) * area.width);
      const y = (share) => area.top + area.height - share * area.height;
      const svg = svgNode("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": t("reports.slChart") });
      const goal = target(report);
      svg.append(svgNode("line", { x1: area.left, x2: area.left + area.width, y1: y(goal), y2: y(goal), class: "target",
        "data-testid": "report-sl-target" }));
      const known = rows.map((row, index) => [index, row.serviceLevel]).filter(([, value]) => value !== null);
      svg.append(svgNode("polyline", { class: "service-level", points: known.map(([index, value]) => `${x(index)},${y(value)}`).join(" ") }));
      for (const [index, value] of known) {
        svg.append(svgNode("circle", { cx: x(index), cy: y(value), r: 3.5, class: value < goal ? "below" : "met",
          "data-testid": "report-sl-point" }));
      }
      drawAxes(svg, area, 100, rows.length, timeTicks(rows));
      figure.replaceChildren(h("figcaption", {}, t("reports.slChart")), svg, h("p", { class: "legend" },
        h("span", { class: "met" }, t("reports.slMet")), " ", h("span", { class: "below" }, t("reports.slBelow")), " ",
        h("span", { class: "target" }, t("reports.slTarget", { target: Math.round(goal * 100) }))));
    }

    function drawVolume(report) {
      const figure = document.querySelector("[data-testid=report-chart-volume]");
      if (!report || report.byInterval.length === 0) return figure.replaceChildren();
      const rows = report.byInterval;
      const [width, height] = [720, 220];
      const area = plotArea(width, height);
      const maximum = Math.max(1, ...rows.map((row) => row.offered));
      const slot = area.width / rows.length;
      const svg = svgNode("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": t("reports.volumeChart") });
      rows.forEach((row, index) => {
        const left = area.left + index * slot + slot * 0.15;
        for (const [key, share, className] of [["offered", 0.7, "offered"], ["answered", 0.7, "answered"]]) {
          const barHeight = (row[key] / maximum) * area.height;
          svg.append(svgNode("rect", { x: left, y: area.top + area.height - barHeight, width: slot * share,
            height: barHeight, class: className, "data-testid": `report-bar-${key}` }));
        }
      });
      drawAxes(svg, area, maximum, rows.length, timeTicks(rows));
      figure.replaceChildren(h("figcaption", {}, t("reports.volumeChart")), svg, h("p", { class: "legend" },
        h("span", { class: "offered" }, t("figure.offered")), " ", h("span", { class: "answered" }, t("figure.answered"))));
    }

    /** The figures of a grouping's table: a queue has no self-service or transfer-to-human rate
     * (what it counts reached it); teams and agents have their time, teams their attrition. */
    function columnsOf(grouping) {
      if (grouping === "byQueue") {
        return figures.filter(([key]) => key !== "selfServiceRate" && key !== "transferToHumanRate");
      }
      if (grouping === "byTeam") return [...figures, ...agentFigures, ...attritionFigures];
      return grouping === "byAgent" ? [...figures, ...agentFigures] : figures;
    }

    function table(grouping) {
      const rows = page.report[grouping];
      const columns = columnsOf(grouping);
      const header = [t(`reports.${grouping}`), ...(grouping === "byInterval" ? [] : [t("figure.contacts")]),
        ...columns.map(([key]) => t(`figure.${key}`))];
      const cells = (row) => [groupName(grouping, row), ...(grouping === "byInterval" ? [] : [String(row.contacts)]),
        ...columns.map(([key, kind]) => shown(row[key], kind))];
      return h("section", { class: "report-table" },
        h("header", {}, h("h2", {}, t(`reports.${grouping}`)),
          h("button", { type: "button", class: "link-button", dataset: { testid: `report-csv-${grouping}` },
            onclick: () => download(grouping) }, t("reports.csv"))),
        h("table", { class: "records", dataset: { testid: `report-table-${grouping}` } },
          h("thead", {}, h("tr", {}, header.map((label) => h("th", {}, label)))),
          h("tbody", {}, rows.length === 0
            ? h("tr", {}, h("td", { colspan: header.length, class: "empty" }, t("reports.none")))
            : rows.map((row) => h("tr", { dataset: { testid: "report-row" } }, cells(row).map((text) => h("td", {}, text)))))));
    }

    /** The table as a CSV file (UTF-8 with a byte-order mark, so spreadsheet programs read Chinese). */
    function download(grouping) {
      const rows = page.report[grouping];
      const columns = columnsOf(grouping);
      const header = [grouping === "byInterval" ? "start" : "name", ...(grouping === "byInterval" ? [] : ["id", "contacts"]),
        ...columns.map(([key]) => key)];
      const lines = [header.join(","), ...rows.map((row) => [
        grouping === "byInterval" ? row.start : row.name, ...(grouping === "byInterval" ? [] : [row.id, String(row.contacts)]),
        ...columns.map(([key, kind]) => exported(row[key], kind))].map(csvCell).join(","))];
      const link = h("a", {
        href: URL.createObjectURL(new Blob(["\uFEFF" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" })),
        download: `firstcall-${grouping}-${page.query.from}-${page.query.to}.csv`,
      });
      document.body.append(link);
      link.click();
      link.remove();
    }

    startPage(async () => {
      try {
        page.queues = (await api("GET", "/api/v1/queues")).items;
      } catch (failure) {
        showError(failure);
      }
      form();
      if (!page.query) document.querySelector("[data-testid=reports-form]").requestSubmit();
      else render();
      showKnowledgeReport(document.querySelector("[data-testid=report-knowledge]"));
    });
  }
}

customElements.define("fc-reports", ReportsPage);
