// The planner's view: history in (the stored contacts of a queue and channel, a CSV file or
// pasted), the forecast checked against the last week of it (chart and WAPE) or made for the
// days ahead, the agents each interval needs, and the schedule built from them.
// The calculations are the server's (`/api/v1/wfm/*`), the same code as the CLI.

import { api, apiText } from "../shared/api.js";
import { drawAxes, plotArea, spreadIndexes, svgNode } from "../shared/axes.js";
import { errorText, h } from "../shared/dom.js";
import { t } from "../shared/i18n.js";
import { scheduleBuilder } from "../components/scheduler.js";
import { startPage } from "../shared/session.js";

/**
 * <fc-planner>: the planner's page (history, forecast, staffing, what-if and the schedule builder). It holds its own state (the last forecast and staffing) and starts, when it is put on the page, by loading the queues and the holiday calendar.
 */
class Planner extends HTMLElement {
  connectedCallback() {
    const history = document.querySelector("[data-testid=planner-history]");
    const holidays = document.querySelector("[data-testid=planner-holidays]");
    const status = document.querySelector("[data-testid=planner-status]");
    const figures = document.querySelector("[data-testid=planner-figures]");
    const chart = document.querySelector("[data-testid=planner-chart]");
    const staffingSection = document.querySelector("[data-testid=planner-staffing-section]");
    const staffingTable = document.querySelector("[data-testid=planner-staffing]");
    const schedule = scheduleBuilder(document.querySelector("[data-testid=planner-schedule-section]"));
    /** The last forecast: [{timestamp, calls, ahtSeconds?}]. */
    let forecast = [];
    /** The last staffing: the problems sent and their answers, per forecast interval. */
    let staffing = { problems: [], answers: [] };
    const whatIfButton = document.querySelector("[data-testid=planner-whatif]");
    const whatIfFigures = document.querySelector("[data-testid=planner-whatif-figures]");
    const whatIfTable = document.querySelector("[data-testid=planner-whatif-table]");
    /** Contacts × replications one replay from the page simulates: a second or so of work (the
     * server allows 1,000,000); up to 30 replications for a small plan, at least one. */
    const simulatedContactsBudget = 200000;

    /** Rows of the pasted history: [{timestamp, calls, line}] (the header names the columns). */
    function historyRows() {
      const lines = history.value.split(/\r?\n/).filter((line) => line.trim() !== "");
      const header = (lines[0] || "").split(",").map((name) => name.trim().toLowerCase());
      const time = header.indexOf("timestamp");
      const calls = header.indexOf("calls");
      return lines.slice(1).map((line) => {
        const fields = line.split(",");
        return { timestamp: (fields[time] || "").trim(), calls: Number(fields[calls]), line };
      });
    }

    function dayOf(timestamp) {
      return timestamp.slice(0, 10);
    }

    /** Every interval of the next `days` days whose weekday the history has, at that weekday's times. */
    function horizonAhead(rows, days) {
      const times = new Map();
      for (const row of rows) {
        const weekday = new Date(`${dayOf(row.timestamp)}T00:00:00Z`).getUTCDay();
        if (!times.has(weekday)) times.set(weekday, new Set());
        times.get(weekday).add(row.timestamp.slice(11, 19));
      }
      const last = new Date(`${dayOf(rows[rows.length - 1].timestamp)}T00:00:00Z`);
      const stamps = [];
      for (let step = 1; step <= days; step += 1) {
        const day = new Date(last.getTime() + step * 86400000);
        const clock = times.get(day.getUTCDay());
        if (!clock) continue;
        for (const time of [...clock].sort()) stamps.push(`${day.toISOString().slice(0, 10)}T${time}`);
      }
      return stamps;
    }

    async function runForecast(historyText, stamps) {
      const result = await api("POST", "/api/v1/wfm/forecast", {
        history: historyText, horizon: `timestamp\n${stamps.join("\n")}\n`, holidays: holidays.value,
      });
      return result.intervals;
    }

    /** A line chart of the forecast (and the actual values when known), one point per interval,
     * with the call scale and the days and times along the bottom. */
    function drawChart(points, actual) {
      const width = 900;
      const height = 240;
      const area = plotArea(width, height);
      const highest = Math.max(1, ...points.map((p) => p.calls), ...(actual || []));
      const maximum = Math.ceil(highest);
      const x = (index) => area.left + (points.length <= 1 ? 0 : (index / (points.length - 1)) * area.width);
      const y = (value) => area.top + area.height - (value / maximum) * area.height;
      const line = (values, className, testid) => svgNode("polyline", {
        points: values.map((value, index) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`).join(" "),
        class: className, "data-testid": testid,
      });
      const svg = svgNode("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": t("planner.chart") });
      if (actual) svg.append(line(actual, "actual", "chart-actual"));
      svg.append(line(points.map((p) => p.calls), "forecast", "chart-forecast"));
      drawAxes(svg, area, maximum, points.length, spreadIndexes(points.length).map((index) => ({
        index, label: points[index].timestamp.slice(5, 16).replace("T", " "),
      })));
      chart.replaceChildren(svg, h("p", { class: "legend" },
        h("span", { class: "forecast" }, t("planner.forecastLine")), " ",
        actual ? h("span", { class: "actual" }, t("planner.actualLine")) : ""));
    }

    function showFigures(entries) {
      figures.replaceChildren(...entries.map(([testid, label, value]) =>
        h("div", { class: "figure", dataset: { testid } }, h("span", { class: "figure-value" }, value), h("span", {}, t(label)))));
    }

    async function backtest() {
      const rows = historyRows();
      const days = [...new Set(rows.map((row) => dayOf(row.timestamp)))].sort();
      if (days.length < 14) return showStatus(t("planner.tooShort"));
      // The last seven calendar days are held out and forecast from the days before them.
      const lastDay = new Date(`${days[days.length - 1]}T00:00:00Z`);
      const held = new Set(days.filter((day) => lastDay - new Date(`${day}T00:00:00Z`) < 7 * 86400000));
      const train = rows.filter((row) => !held.has(dayOf(row.timestamp)));
      const test = rows.filter((row) => held.has(dayOf(row.timestamp)));
      const header = history.value.split(/\r?\n/)[0];
      await withStatus(async () => {
        forecast = await runForecast([header, ...train.map((row) => row.line)].join("\n"), test.map((row) => row.timestamp));
        const error = forecast.reduce((sum, point, index) => sum + Math.abs(point.calls - test[index].calls), 0);
        const total = test.reduce((sum, row) => sum + row.calls, 0);
        showFigures([
          ["planner-wape", "planner.wape", total > 0 ? `${((error / total) * 100).toFixed(1)}%` : t("value.none")],
          ["planner-intervals", "planner.intervals", String(forecast.length)],
        ]);
        drawChart(forecast, test.map((row) => row.calls));
      });
    }

    async function forecastAhead() {
      const rows = historyRows();
      if (rows.length === 0) return showStatus(t("planner.noHistory"));
      const days = Number(document.querySelector("[data-testid=planner-days]").value) || 14;
      await withStatus(async () => {
        forecast = await runForecast(history.value, horizonAhead(rows, Math.min(60, Math.max(1, days))));
        showFigures([
          ["planner-intervals", "planner.intervals", String(forecast.length)],
          ["planner-total", "planner.total", String(Math.round(forecast.reduce((sum, point) => sum + point.calls, 0)))],
        ]);
        drawChart(forecast, null);
      });
    }

    function intervalMinutes() {
      const first = forecast[0]?.timestamp;
      const next = forecast.find((point) => dayOf(point.timestamp) === dayOf(first || "") && point.timestamp > first);
      if (!first || !next) return 60;
      return (new Date(`${next.timestamp}Z`) - new Date(`${first}Z`)) / 60000;
    }

    /** The stored contacts of the chosen queue and channel from the start of the day `weeks`
     * weeks ago up to now, as the history. */
    async function loadStored() {
      const value = (testid) => document.querySelector(`[data-testid=${testid}]`).value;
      const weeks = Math.min(26, Math.max(1, Number(value("planner-weeks")) || 8));
      const to = new Date();
      const from = new Date(to);
      from.setHours(0, 0, 0, 0);
      from.setDate(from.getDate() - 7 * weeks);
      const query = new URLSearchParams({
        from: from.toISOString(), to: to.toISOString(), intervalMinutes: value("planner-interval"),
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      });
      if (value("planner-queue")) query.set("queueId", value("planner-queue"));
      if (value("planner-channel")) query.set("channel", value("planner-channel"));
      await withStatus(async () => {
        history.value = await apiText(`/api/v1/wfm/history?${query}`);
        const rows = historyRows();
        showFigures([
          ["planner-intervals", "planner.intervals", String(rows.length)],
          ["planner-history-total", "planner.historyTotal", String(rows.reduce((sum, row) => sum + row.calls, 0))],
        ]);
      });
    }

    /** The center's calendar in the text form the forecast reads: `2027-02-06 除夕` a line. */
    async function loadHolidays() {
      const { days } = await api("GET", "/api/v1/wfm/holidays");
      holidays.value = days.map((day) => `${day.date} ${day.name}`.trim()).join("\n");
    }

    async function saveHolidays() {
      const days = holidays.value.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith("#"))
        .map((line) => {
          const date = line.split(/[\s,，]/)[0];
          return { date, name: line.slice(date.length).replace(/^[\s,，]+/, "") };
        });
      try {
        await api("PUT", "/api/v1/wfm/holidays", { days });
        await loadHolidays();
        showStatus(t("planner.holidaysSaved", { count: days.length }));
      } catch (failure) {
        showStatus(errorText(failure));
      }
    }

    async function loadQueues() {
      const select = document.querySelector("[data-testid=planner-queue]");
      const { items } = await api("GET", "/api/v1/queues");
      select.append(...items.map((queue) => h("option", { value: queue.id }, queue.name)));
    }

    async function staff() {
      const number = (testid) => Number(document.querySelector(`[data-testid=${testid}]`).value);
      const minutes = intervalMinutes();
      const concurrency = Math.round(number("planner-concurrency"));
      const problems = forecast.map((point) => ({
        calls: point.calls, intervalMinutes: minutes, ahtSeconds: point.ahtSeconds ?? number("planner-aht"),
        targetServiceLevel: number("planner-target"), thresholdSeconds: number("planner-threshold"),
        shrinkage: number("planner-shrinkage"), ...(concurrency > 1 ? { concurrency } : {}),
      }));
      await withStatus(async () => {
        const { answers } = await api("POST", "/api/v1/wfm/staffing", { problems });
        staffing = { problems, answers };
        whatIfButton.hidden = answers.length === 0;
        staffingTable.replaceChildren(
          h("thead", {}, h("tr", {}, ["planner.interval", "planner.calls", "planner.agents", "planner.scheduled", "planner.serviceLevel"]
            .map((key) => h("th", {}, t(key))))),
          h("tbody", {}, answers.map((answer, index) => h("tr", { dataset: { testid: "planner-staffing-row" } },
            h("td", {}, forecast[index].timestamp.replace("T", " ").slice(0, 16)),
            h("td", {}, forecast[index].calls.toFixed(1)),
            h("td", {}, String(answer.agents)),
            h("td", {}, String(answer.scheduledAgents)),
            h("td", {}, `${(answer.serviceLevel * 100).toFixed(1)}%`)))));
        await schedule.show(
          answers.map((answer, index) => ({ timestamp: forecast[index].timestamp, scheduledAgents: answer.scheduledAgents })),
          minutes);
      });
    }

    /** The staffed plan through the simulator: service level, ASA, abandonment and occupancy
     * simulated per interval beside the Erlang figures, and the simulated day in total. */
    async function whatIf() {
      const { problems, answers } = staffing;
      const calls = problems.reduce((sum, problem) => sum + problem.calls, 0);
      const replications = Math.max(1, Math.min(30, Math.floor(simulatedContactsBudget / Math.max(1, calls))));
      const plan = ["timestamp,calls,agents,ahtSeconds", ...problems.map((problem, index) =>
        `${forecast[index].timestamp},${problem.calls},${answers[index].agents},${problem.ahtSeconds}`)].join("\n");
      await withStatus(async () => {
        const { intervals } = await api("POST", "/api/v1/wfm/whatif", {
          plan, thresholdSeconds: problems[0].thresholdSeconds, replications,
        });
        const offered = intervals.reduce((sum, interval) => sum + interval.simulatedOffered, 0);
        const weighted = (pick) => offered > 0
          ? intervals.reduce((sum, interval) => sum + pick(interval) * interval.simulatedOffered, 0) / offered : 0;
        const pct = (rate) => rate == null ? t("value.none") : `${(rate * 100).toFixed(1)}%`;
        whatIfFigures.replaceChildren(...[
          ["whatif-service-level", "planner.simulatedServiceLevel", pct(weighted((interval) => interval.simulated.serviceLevel))],
          ["whatif-abandon", "planner.simulatedAbandon", pct(weighted((interval) => interval.simulated.abandonRate))],
          ["whatif-replications", "planner.replications", String(replications)],
        ].map(([testid, label, value]) => h("div", { class: "figure", dataset: { testid } },
          h("span", { class: "figure-value" }, value), h("span", {}, t(label)))));
        whatIfTable.hidden = false;
        whatIfTable.replaceChildren(
          h("thead", {}, h("tr", {}, ["planner.interval", "planner.agents", "planner.erlangServiceLevel", "planner.simulatedServiceLevel",
            "planner.erlangASA", "planner.simulatedASA", "planner.simulatedAbandon", "planner.erlangOccupancy", "planner.simulatedOccupancy"]
            .map((key) => h("th", {}, t(key))))),
          h("tbody", {}, intervals.map((interval) => h("tr", { dataset: { testid: "planner-whatif-row" } },
            h("td", {}, interval.timestamp.replace("T", " ").slice(0, 16)),
            h("td", {}, String(interval.agents)),
            h("td", {}, pct(interval.erlang?.serviceLevel)),
            h("td", {}, pct(interval.simulated.serviceLevel)),
            h("td", {}, interval.erlang ? interval.erlang.averageSpeedOfAnswerSeconds.toFixed(1) : t("value.none")),
            h("td", {}, interval.simulated.averageSpeedOfAnswerSeconds.toFixed(1)),
            h("td", {}, pct(interval.simulated.abandonRate)),
            h("td", {}, pct(interval.erlang?.occupancy)),
            h("td", {}, pct(interval.simulated.occupancy))))));
      });
    }

    function showStatus(text) {
      status.textContent = text;
    }

    async function withStatus(work) {
      showStatus(t("planner.working"));
      try {
        await work();
        showStatus("");
        staffingSection.hidden = forecast.length === 0;
      } catch (error) {
        showStatus(errorText(error));
      }
    }

    document.querySelector("[data-testid=planner-file]").addEventListener("change", async (event) => {
      const file = event.target.files[0];
      if (file) history.value = await file.text();
    });
    document.querySelector("[data-testid=planner-backtest]").addEventListener("click", backtest);
    document.querySelector("[data-testid=planner-forecast]").addEventListener("click", forecastAhead);
    document.querySelector("[data-testid=planner-staff]").addEventListener("click", staff);
    document.querySelector("[data-testid=planner-load]").addEventListener("click", loadStored);
    whatIfButton.addEventListener("click", whatIf);

    document.querySelector("[data-testid=planner-save-holidays]").addEventListener("click", saveHolidays);

    startPage(() => Promise.all([loadQueues(), loadHolidays()]).catch((failure) => showStatus(errorText(failure))));
  }
}
customElements.define("fc-planner", Planner);
