// The agents and teams that stand out from their peers or their own past weeks (PRODUCT.md
// §7.3), as the reports and the live view show them: each with its figure, the median it was
// compared with and the rule that found it.

import { h } from "../shared/dom.js";
import { t } from "../shared/i18n.js";

/** A figure written for its kind: AHT in seconds, the rest (adherence too) as percentages. */
function written(figure, value) {
  return figure === "averageHandleSeconds"
    ? t("reports.seconds", { seconds: value.toFixed(value < 100 ? 1 : 0) })
    : `${(value * 100).toFixed(1)}%`;
}

/** The heading, the rule, and the stand-outs of a report's `anomalies` (or that there are none). */
export function anomalyList(anomalies, testid) {
  return [
    h("h2", {}, t("reports.anomalies")),
    h("p", { class: "hint" }, t("reports.anomalyRule")),
    anomalies.length === 0
      ? h("p", { class: "empty", dataset: { testid: `${testid}-none` } }, t("reports.noAnomalies"))
      : h("ul", { class: "anomalies" }, anomalies.map((anomaly) =>
        h("li", { dataset: { testid, figure: anomaly.figure, dimension: anomaly.dimension, basis: anomaly.basis } },
          t(`reports.anomaly${anomaly.robustZ > 0 ? "Above" : "Below"}${anomaly.basis === "ownHistory" ? "Own" : ""}`, {
            who: `${t(`reports.dimension.${anomaly.dimension}`)} ${anomaly.name}`, figure: t(`figure.${anomaly.figure}`),
            value: written(anomaly.figure, anomaly.value), median: written(anomaly.figure, anomaly.median),
            z: Math.abs(anomaly.robustZ).toFixed(1), peers: anomaly.peers,
          })))),
  ];
}
