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

/** The figures every table shows: its key in the API, how it is written, its label. */
const figures = [
  ["offered", "count"], ["answered", "count"], ["abandoned", "count"], ["answerRate", "share"],
  ["abandonmentRate", "share"], ["serviceLevel", "share"], ["averageSpeedOfAnswerSeconds", "seconds"],
  ["averageHandleSeconds", "seconds"], ["averageTalkSeconds", "seconds"], ["transferRate", "share"],
  ["fcrRate", "share"], ["surveyFcrRate", "share"], ["csat", "share"], ["csatMean", "score"],
  ["selfServiceRate", "share"],
];

/** The tiles over the tables: the period's headline figures. */
const tiles = ["offered", "serviceLevel", "abandonmentRate", "averageSpeedOfAnswerSeconds", "averageHandleSeconds",
  "fcrRate", "csat", "selfServiceRate"];

/** The groupings, in the order their tables are shown. */
const groupings = ["byInterval", "byQueue", "byTeam", "byAgent", "byChannel", "byReason"];

const periods = ["15", "30", "60", "day", "week", "month"];

function shown(value, kind) {
  if (value === null || value === undefined) return "–";
  switch (kind) {
    case "share": return `${(value * 100).toFixed(1)}%`;
    case "seconds": return t("reports.seconds", { seconds: value.toFixed(value < 100 ? 1 : 0) });
    case "score": return value.toFixed(2);
    default: return String(value);
  }
}

/** A figure for a CSV file: shares as fractions, seconds with one decimal, empty when unknown. */
function exported(value, kind) {
  if (value === null || value === undefined) return "";
  if (kind === "share") return value.toFixed(4);
  if (kind === "seconds" || kind === "score") return value.toFixed(2);
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
    const page = { queues: [], report: null, query: null, asked: 0 };

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
    }

    function render() {
      const report = page.report;
      const kinds = new Map(figures);
      document.querySelector("[data-testid=report-tiles]").replaceChildren(...(report ? tiles.map((key) =>
        h("div", { class: "tile", dataset: { testid: `report-tile-${key}` } },
          h("span", { class: "tile-label" }, t(`figure.${key}`)),
          h("strong", { class: "tile-value" }, shown(report.overall[key], kinds.get(key))))) : []));
      drawServiceLevel(report);
      drawVolume(report);
      document.querySelector("[data-testid=report-tables]").replaceChildren(...(report ? groupings.map(table) : []));
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

    /** The figures of a grouping's table: a queue has no self-service rate (nothing reached it). */
    function columnsOf(grouping) {
      return grouping === "byQueue" ? figures.filter(([key]) => key !== "selfServiceRate") : figures;
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
