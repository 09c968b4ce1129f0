// The knowledge-base report on the supervisor's view: how self-service went (bot sessions,
// containment, hand-offs) and the closed loop (most searched and failed questions, most
// clicked, most and least helpful articles, articles past their review date).

import { api } from "../shared/api.js";
import { errorText, h } from "../shared/dom.js";
import { t } from "../shared/i18n.js";

const periods = [1, 7, 30, 90];

function percent(rate) {
  return rate == null ? t("value.none") : `${(rate * 100).toFixed(1)}%`;
}

function table(testid, headings, rows) {
  return h("table", { class: "records", dataset: { testid } },
    h("thead", {}, h("tr", {}, headings.map((key) => h("th", {}, t(key))))),
    h("tbody", {}, rows.length === 0
      ? h("tr", {}, h("td", { colspan: headings.length, class: "empty" }, t("list.empty")))
      : rows.map((cells) => h("tr", {}, cells.map((cell) => h("td", {}, cell))))));
}

function figure(testid, label, value) {
  return h("div", { class: "figure", dataset: { testid } }, h("span", { class: "figure-value" }, value), h("span", {}, t(label)));
}

function render(container, report, days, reload) {
  const service = report.selfService;
  const articleTitle = (item) => `${item.id} ${item.title}`;
  container.replaceChildren(
    h("div", { class: "toolbar" },
      h("h2", {}, t("report.title")),
      h("label", {}, t("report.period"), h("select", {
        dataset: { testid: "report-days" }, onchange: (event) => reload(Number(event.target.value)),
      }, periods.map((value) => h("option", { value, selected: value === days }, t("report.days", { days: value })))))),
    h("div", { class: "figures" },
      figure("report-searches", "report.searches", String(report.searches)),
      figure("report-sessions", "report.sessions", String(service.sessions)),
      figure("report-containment", "report.containment", percent(service.containmentRate)),
      figure("report-transfer", "report.transfer", percent(service.transferToHumanRate))),
    h("p", { class: "hint" }, t("report.containmentHint", { hours: service.repeatWindowSeconds / 3600 })),
    h("div", { class: "report-grid" },
      h("section", {}, h("h3", {}, t("report.mostSearched")),
        table("report-most-searched", ["report.query", "report.count"], report.mostSearched.map((q) => [q.query, String(q.count)]))),
      h("section", {}, h("h3", {}, t("report.failed")),
        table("report-failed", ["report.query", "report.count"], report.failedSearches.map((q) => [q.query, String(q.count)]))),
      h("section", {}, h("h3", {}, t("report.mostClicked")),
        table("report-most-clicked", ["report.article", "report.count"], report.mostClicked.map((a) => [articleTitle(a), String(a.count)]))),
      h("section", {}, h("h3", {}, t("report.helpful")),
        table("report-helpful", ["report.article", "report.yes", "report.no"],
          report.mostHelpful.map((a) => [articleTitle(a), String(a.helpful), String(a.notHelpful)]))),
      h("section", {}, h("h3", {}, t("report.unhelpful")),
        table("report-unhelpful", ["report.article", "report.yes", "report.no"],
          report.leastHelpful.map((a) => [articleTitle(a), String(a.helpful), String(a.notHelpful)]))),
      h("section", {}, h("h3", {}, t("report.stale")),
        table("report-stale", ["report.article", "field.reviewDue"], report.staleArticles.map((a) => [articleTitle(a), a.reviewDue])))));
}

/** Shows the report for the last `days` days in `container`, with a period picker. */
export async function showKnowledgeReport(container, days = 7) {
  const reload = (chosen) => showKnowledgeReport(container, chosen);
  try {
    render(container, await api("GET", `/api/v1/kb/report?days=${days}`), days, reload);
  } catch (failure) {
    container.replaceChildren(h("p", { class: "form-error", dataset: { testid: "report-error" } }, errorText(failure)));
  }
}
