// Quality assurance (PRODUCT.md §6): an evaluator finds a contact, reads its transcript or plays
// its recordings beside the scorecard, answers every item and comments; the agent reads her
// evaluations and acknowledges or disputes each once; supervisors read the QA score and
// fatal-error rate per agent and team and keep the scorecards (sections of weighted items,
// yes/no or a scale, fatal items, not applicable where allowed).

import { api } from "../shared/api.js";
import { showContactRecord } from "../components/contactrecord.js";
import { errorText, h } from "../shared/dom.js";
import { t } from "../shared/i18n.js";
import { startPage } from "../shared/session.js";

/** A date input's value for `date` in local time (YYYY-MM-DD). */
function dayText(date) {
  return new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}

/** Evaluations are listed for this many days back. */
const listedDays = 90;

class QualityPage extends HTMLElement {
  connectedCallback() {
    const page = { me: null, scorecards: [], contacts: [], evaluations: [], summary: null, chosen: null, result: null,
      editing: null, sample: [], rules: null };

    function showError(failure) {
      const error = document.querySelector("[data-testid=quality-error]");
      error.textContent = failure ? errorText(failure) : "";
      error.hidden = !failure;
    }

    const isEvaluator = () => page.me.role === "admin" || page.me.canEvaluateQuality;
    const isSupervisor = () => page.me.role !== "agent";
    const readsAll = () => isSupervisor() || isEvaluator();

    async function loadLists() {
      const to = new Date(Date.now() + 86400000);
      const from = new Date(to.getTime() - (listedDays + 1) * 86400000);
      const period = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
      try {
        page.scorecards = (await api("GET", "/api/v1/quality/scorecards")).items;
        page.evaluations = (await api("GET", `/api/v1/quality/evaluations?${period}`)).items;
        page.summary = readsAll() ? await api("GET", `/api/v1/quality/summary?${period}`) : null;
        if (readsAll()) {
          // The sample covers the last four weeks (the API reads at most 31 days).
          const recent = new URLSearchParams({ from: new Date(to.getTime() - 29 * 86400000).toISOString(), to: to.toISOString() });
          page.sample = (await api("GET", `/api/v1/quality/sample?${recent}`)).items;
          page.rules = await api("GET", "/api/v1/quality/transcript-rules");
        }
        showError(null);
      } catch (failure) {
        showError(failure);
      }
      render();
    }

    function render() {
      document.querySelector("[data-testid=quality-evaluate]").hidden = !isEvaluator();
      if (isEvaluator()) {
        renderSample();
        findForm();
        renderContacts();
        renderForm();
      }
      renderEvaluations();
      renderSummary();
      renderScorecards();
      renderRules();
    }

    /** The contacts to review, each with why it is there and what its transcript raised. */
    function renderSample() {
      document.querySelector("[data-testid=quality-sample]").replaceChildren(
        h("thead", {}, h("tr", {}, ["history.when", "live.agent", "reports.channel", "quality.why", "quality.flags"].map((key) =>
          h("th", {}, t(key))), h("th", {}))),
        h("tbody", {}, page.sample.length === 0
          ? h("tr", {}, h("td", { colspan: 6, class: "empty" }, t("quality.sampleEmpty")))
          : page.sample.map((item) => h("tr", { dataset: { testid: "quality-sample-row", id: item.contactId } },
            h("td", {}, new Date(item.startedAt).toLocaleString()),
            h("td", {}, item.agentName ?? item.agentId),
            h("td", {}, t(`channel.${item.channel}`)),
            h("td", {}, item.reasons.map((reason) => h("span", { class: "badge" }, t(`quality.reason.${reason}`)))),
            h("td", { dataset: { testid: "quality-sample-flags" } },
              item.flags.map((flag) => h("span", { class: "badge alarm" }, t(`quality.flag.${flag}`)))),
            h("td", {}, h("button", { type: "button", class: "link-button", dataset: { testid: "quality-sample-open" },
              onclick: () => openContact({ id: item.contactId, channel: item.channel, agentName: item.agentName ?? item.agentId,
                startedAt: item.startedAt }) }, t("quality.evaluateThis")))))));
    }

    /** The phrases of the automatic checks, one per line (supervisors change them). */
    function renderRules() {
      const box = document.querySelector("[data-testid=quality-rules]");
      box.hidden = !page.rules;
      if (!page.rules) return;
      const lists = ["greetings", "closings", "forbiddenWords", "repeatPhrases"];
      const form = h("form", { class: "rules-form", dataset: { testid: "quality-rules-form" } },
        lists.map((name) => h("label", { class: "field" }, h("span", {}, t(`quality.rules.${name}`)),
          h("textarea", { name, rows: 4, dataset: { testid: `quality-rules-${name}` }, disabled: !isSupervisor() },
            page.rules[name].join("\n")))),
        h("label", { class: "field" }, h("span", {}, t("quality.rules.longSilenceSeconds")),
          h("input", { type: "number", name: "longSilenceSeconds", min: 10, max: 3600, value: page.rules.longSilenceSeconds,
            disabled: !isSupervisor() })),
        isSupervisor() ? h("button", { type: "submit", dataset: { testid: "quality-rules-save" } }, t("quality.rules.save")) : null);
      form.onsubmit = async (event) => {
        event.preventDefault();
        const body = { longSilenceSeconds: Number(form.elements.longSilenceSeconds.value) };
        for (const name of lists) body[name] = form.elements[name].value.split("\n").map((line) => line.trim()).filter(Boolean);
        try {
          page.rules = await api("PUT", "/api/v1/quality/transcript-rules", body);
          showError(null);
        } catch (failure) {
          showError(failure);
          return;
        }
        await loadLists();
      };
      box.replaceChildren(h("h2", {}, t("quality.rules")), h("p", { class: "hint" }, t("quality.rulesHint")), form);
    }

    function findForm() {
      const form = document.querySelector("[data-testid=quality-find]");
      if (form.childElementCount > 0) return;
      const today = new Date();
      const field = (label, control) => h("label", { class: "field" }, h("span", {}, t(label)), control);
      form.replaceChildren(
        field("history.from", h("input", { type: "date", name: "from", value: dayText(new Date(today.getTime() - 7 * 86400000)),
          dataset: { testid: "quality-from" } })),
        field("history.to", h("input", { type: "date", name: "to", value: dayText(today), dataset: { testid: "quality-to" } })),
        field("history.words", h("input", { type: "search", name: "q", maxlength: 100 })),
        h("button", { type: "submit", dataset: { testid: "quality-find-submit" } }, t("history.search")));
      form.onsubmit = async (event) => {
        event.preventDefault();
        const values = form.elements;
        const query = new URLSearchParams({
          from: new Date(`${values.from.value}T00:00:00`).toISOString(),
          to: new Date(new Date(`${values.to.value}T00:00:00`).getTime() + 86400000).toISOString(),
        });
        if (values.q.value.trim()) query.set("q", values.q.value.trim());
        try {
          // Only answered contacts have an agent to evaluate.
          page.contacts = (await api("GET", `/api/v1/history/conversations?${query}`)).items.filter((hit) => hit.agentId);
          showError(null);
        } catch (failure) {
          showError(failure);
        }
        renderContacts();
      };
    }

    function renderContacts() {
      document.querySelector("[data-testid=quality-contacts]").replaceChildren(
        h("thead", {}, h("tr", {}, ["history.when", "history.customer", "live.agent", "agent.reason"].map((key) => h("th", {}, t(key))),
          h("th", {}))),
        h("tbody", {}, page.contacts.map((hit) => h("tr", { dataset: { testid: "quality-contact", id: hit.id } },
          h("td", {}, new Date(hit.startedAt).toLocaleString()), h("td", {}, hit.customerName ?? t("chat.unknownCustomer")),
          h("td", {}, hit.agentName ?? hit.agentId), h("td", {}, hit.reason ?? ""),
          h("td", {}, h("button", { type: "button", class: "link-button", dataset: { testid: "quality-open" },
            onclick: () => openContact(hit) }, t("quality.evaluateThis")))))));
    }

    async function openContact(hit) {
      page.chosen = hit;
      page.result = null;
      document.querySelector("[data-testid=quality-workspace]").hidden = false;
      document.querySelector("[data-testid=quality-contact-title]").textContent =
        `${hit.customerName ?? t("chat.unknownCustomer")} · ${hit.agentName ?? hit.agentId} · ${new Date(hit.startedAt).toLocaleString()}`;
      renderForm();
      try {
        await showContactRecord(document.querySelector("[data-testid=quality-record]"), hit);
      } catch (failure) {
        showError(failure);
      }
    }

    /** The scorecard's items as answers to choose: yes, no (and N.A.), or a point on the scale. */
    function renderForm() {
      const form = document.querySelector("[data-testid=quality-form]");
      if (!page.chosen) return form.replaceChildren();
      const active = page.scorecards.filter((card) => card.isActive);
      const chosenCard = active.find((card) => card.id === form.dataset.scorecard) ?? active[0];
      if (!chosenCard) return form.replaceChildren(h("p", { class: "empty", dataset: { testid: "quality-no-scorecard" } }, t("quality.noScorecard")));
      form.dataset.scorecard = chosenCard.id;
      const itemControl = (item) => {
        if (item.kind === "scale") {
          return h("select", { name: item.id, required: true, dataset: { testid: "quality-answer" } },
            h("option", { value: "" }, "…"),
            Array.from({ length: item.maximum + 1 }, (_, value) => h("option", { value: String(value) }, String(value))),
            item.allowsNotApplicable ? h("option", { value: "na" }, t("quality.notApplicable")) : null);
        }
        const choices = ["yes", "no", ...(item.allowsNotApplicable ? ["na"] : [])];
        return h("span", { class: "choices", dataset: { testid: "quality-answer" } }, choices.map((value) =>
          h("label", { class: "inline" }, h("input", { type: "radio", name: item.id, value, required: true }),
            t(`quality.answer.${value}`))));
      };
      form.replaceChildren(...[
        h("label", { class: "field" }, h("span", {}, t("quality.scorecard")),
          h("select", { name: "scorecard", dataset: { testid: "quality-scorecard" }, onchange: (event) => {
            form.dataset.scorecard = event.target.value;
            renderForm();
          } }, active.map((card) => h("option", { value: card.id, selected: card.id === chosenCard.id }, card.name)))),
        ...chosenCard.sections.map((section) => h("fieldset", {}, h("legend", {}, section.title),
          section.items.map((item) => h("div", { class: item.fatal ? "quality-item fatal" : "quality-item",
            dataset: { testid: "quality-item", item: item.id } },
            h("span", { class: "item-text" }, item.text, item.fatal ? h("em", {}, ` ${t("quality.fatal")}`) : null,
              h("small", {}, ` × ${item.weight}`)),
            itemControl(item))))),
        h("label", { class: "field" }, h("span", {}, t("quality.comment")),
          h("textarea", { name: "comment", maxlength: 2000, rows: 3, dataset: { testid: "quality-comment" } })),
        h("button", { type: "submit", dataset: { testid: "quality-submit" } }, t("quality.submit")),
        page.result ? h("p", { class: page.result.fatal ? "quality-result fatal" : "quality-result",
          dataset: { testid: "quality-result", score: String(page.result.score) } },
        t(page.result.fatal ? "quality.resultFatal" : "quality.result", { score: page.result.score.toFixed(1) })) : null,
      ].flat().filter(Boolean));
      form.onsubmit = async (event) => {
        event.preventDefault();
        const answers = {};
        for (const item of chosenCard.sections.flatMap((section) => section.items)) {
          const value = form.elements[item.id].value;
          answers[item.id] = value === "yes" || value === "no" || value === "na" ? value : Number(value);
        }
        try {
          page.result = await api("POST", "/api/v1/quality/evaluations", {
            contactId: page.chosen.id, scorecardId: chosenCard.id, answers, comment: form.elements.comment.value,
          });
          showError(null);
        } catch (failure) {
          showError(failure);
          return;
        }
        await loadLists();
      };
    }

    function renderEvaluations() {
      document.querySelector("[data-testid=quality-list-title]").textContent = t(readsAll() ? "quality.all" : "quality.mine");
      const names = new Map(page.scorecards.map((card) => [card.id, card.name]));
      document.querySelector("[data-testid=quality-evaluations]").replaceChildren(
        h("thead", {}, h("tr", {}, ["history.when", "live.agent", "quality.scorecard", "quality.score", "quality.comment",
          "quality.evaluator", "quality.status"].map((key) => h("th", {}, t(key))), h("th", {}))),
        h("tbody", {}, page.evaluations.length === 0
          ? h("tr", {}, h("td", { colspan: 8, class: "empty" }, t("quality.none")))
          : page.evaluations.map((evaluation) => h("tr", { dataset: { testid: "quality-evaluation", id: evaluation.id,
            status: evaluation.status } },
            h("td", {}, new Date(evaluation.createdAt).toLocaleString()),
            h("td", {}, evaluation.agentName ?? evaluation.agentId),
            h("td", {}, names.get(evaluation.scorecardId) ?? ""),
            h("td", { class: evaluation.fatal ? "over-threshold" : null, dataset: { testid: "quality-evaluation-score" } },
              evaluation.fatal ? t("quality.scoreFatal", { score: evaluation.score.toFixed(1) }) : evaluation.score.toFixed(1)),
            h("td", {}, evaluation.comment ?? ""),
            h("td", {}, evaluation.evaluatorName ?? ""),
            h("td", { dataset: { testid: "quality-evaluation-status" } }, t(`quality.status.${evaluation.status}`),
              evaluation.agentComment ? h("div", { class: "hint" }, evaluation.agentComment) : null),
            h("td", {}, evaluation.agentId === page.me.id && evaluation.status === "submitted" ? reply(evaluation) : null)))));
    }

    /** The agent's answer: agree, or disagree saying why. */
    function reply(evaluation) {
      const send = async (kind, comment) => {
        try {
          await api("POST", `/api/v1/quality/evaluations/${evaluation.id}/${kind}`, comment ? { comment } : {});
          showError(null);
        } catch (failure) {
          showError(failure);
        }
        await loadLists();
      };
      const reason = h("input", { type: "text", maxlength: 2000, placeholder: t("quality.disputeReason"),
        dataset: { testid: "quality-dispute-reason" } });
      return h("span", { class: "quality-reply" },
        h("button", { type: "button", dataset: { testid: "quality-acknowledge" }, onclick: () => send("acknowledge") },
          t("quality.acknowledge")),
        reason,
        h("button", { type: "button", class: "secondary", dataset: { testid: "quality-dispute" },
          onclick: () => send("dispute", reason.value.trim()) }, t("quality.dispute")));
    }

    function renderSummary() {
      const box = document.querySelector("[data-testid=quality-summary]");
      box.hidden = !page.summary;
      if (!page.summary) return;
      const rows = (groups) => groups.map((group) => h("tr", { dataset: { testid: "quality-summary-row", name: group.name } },
        h("td", {}, group.name), h("td", {}, String(group.evaluations)),
        h("td", {}, group.meanScore === null ? t("value.none") : group.meanScore.toFixed(1)),
        h("td", {}, group.fatalErrorRate === null ? t("value.none") : `${(group.fatalErrorRate * 100).toFixed(1)}%`)));
      const table = (testid, heading, groups) => h("table", { class: "records compact", dataset: { testid } },
        h("thead", {}, h("tr", {}, [heading, "quality.evaluations", "quality.meanScore", "quality.fatalRate"].map((key) =>
          h("th", {}, t(key))))),
        h("tbody", {}, groups.length === 0 ? h("tr", {}, h("td", { colspan: 4, class: "empty" }, t("quality.none"))) : rows(groups)));
      box.replaceChildren(h("h2", {}, t("quality.summary")),
        table("quality-summary-agents", "reports.byAgent", page.summary.byAgent),
        table("quality-summary-teams", "reports.byTeam", page.summary.byTeam));
    }

    /** The scorecards, and a form that adds one or edits one (supervisors). */
    function renderScorecards() {
      const box = document.querySelector("[data-testid=quality-scorecards]");
      box.hidden = !isSupervisor();
      if (!isSupervisor()) return;
      const draft = page.editing ?? { name: "", sections: [{ title: "", items: [{ text: "", weight: 1, kind: "yesNo" }] }] };
      page.editing = draft;
      const itemRow = (section, item, index) => h("div", { class: "scorecard-item", dataset: { testid: "scorecard-item" } },
        h("input", { type: "text", value: item.text ?? "", placeholder: t("quality.itemText"), maxlength: 200,
          dataset: { testid: "scorecard-item-text" }, oninput: (event) => { item.text = event.target.value; } }),
        h("input", { type: "number", min: 0.5, max: 100, step: 0.5, value: item.weight ?? 1, "aria-label": t("quality.weight"),
          dataset: { testid: "scorecard-item-weight" }, oninput: (event) => { item.weight = Number(event.target.value); } }),
        h("select", { "aria-label": t("quality.kind"), dataset: { testid: "scorecard-item-kind" }, onchange: (event) => {
          item.kind = event.target.value;
          if (item.kind === "scale") item.maximum = item.maximum ?? 5;
          renderScorecards();
        } }, ["yesNo", "scale"].map((kind) => h("option", { value: kind, selected: (item.kind ?? "yesNo") === kind },
          t(`quality.kind.${kind}`)))),
        item.kind === "scale" ? h("input", { type: "number", min: 2, max: 10, value: item.maximum ?? 5, "aria-label": t("quality.maximum"),
          oninput: (event) => { item.maximum = Number(event.target.value); } }) : null,
        item.kind === "scale" ? null : h("label", { class: "inline" }, h("input", { type: "checkbox", checked: Boolean(item.fatal),
          dataset: { testid: "scorecard-item-fatal" }, onchange: (event) => { item.fatal = event.target.checked; } }), t("quality.fatal")),
        h("label", { class: "inline" }, h("input", { type: "checkbox", checked: Boolean(item.allowsNotApplicable),
          onchange: (event) => { item.allowsNotApplicable = event.target.checked; } }), t("quality.allowsNotApplicable")),
        h("button", { type: "button", class: "link-button", onclick: () => {
          section.items.splice(index, 1);
          renderScorecards();
        } }, t("quality.remove")));
      const form = h("form", { class: "scorecard-form", dataset: { testid: "scorecard-form" } },
        h("label", { class: "field" }, h("span", {}, t("quality.scorecardName")),
          h("input", { type: "text", value: draft.name, maxlength: 100, required: true, dataset: { testid: "scorecard-name" },
            oninput: (event) => { draft.name = event.target.value; } })),
        draft.sections.map((section) => h("fieldset", { dataset: { testid: "scorecard-section" } },
          h("input", { type: "text", value: section.title, placeholder: t("quality.sectionTitle"), required: true,
            dataset: { testid: "scorecard-section-title" }, oninput: (event) => { section.title = event.target.value; } }),
          section.items.map((item, index) => itemRow(section, item, index)),
          h("button", { type: "button", class: "link-button", dataset: { testid: "scorecard-add-item" }, onclick: () => {
            section.items.push({ text: "", weight: 1, kind: "yesNo" });
            renderScorecards();
          } }, t("quality.addItem")))),
        h("button", { type: "button", class: "link-button", dataset: { testid: "scorecard-add-section" }, onclick: () => {
          draft.sections.push({ title: "", items: [{ text: "", weight: 1, kind: "yesNo" }] });
          renderScorecards();
        } }, t("quality.addSection")),
        h("button", { type: "submit", dataset: { testid: "scorecard-save" } }, t(draft.id ? "quality.saveScorecard" : "quality.createScorecard")));
      form.onsubmit = async (event) => {
        event.preventDefault();
        const body = { name: draft.name, isActive: draft.isActive ?? true, sections: draft.sections };
        try {
          await api(draft.id ? "PUT" : "POST", draft.id ? `/api/v1/quality/scorecards/${draft.id}` : "/api/v1/quality/scorecards", body);
          page.editing = null;
          showError(null);
        } catch (failure) {
          showError(failure);
          return;
        }
        await loadLists();
      };
      box.replaceChildren(h("h2", {}, t("quality.scorecards")),
        h("ul", { class: "scorecard-list" }, page.scorecards.map((card) => h("li", { dataset: { testid: "scorecard" } },
          h("strong", {}, card.name), ` · ${t("quality.itemCount", { count: card.sections.flatMap((section) => section.items).length })}`,
          card.isActive ? "" : ` · ${t("quality.retired")}`, " ",
          h("button", { type: "button", class: "link-button", onclick: () => {
            page.editing = structuredClone(card);
            renderScorecards();
          } }, t("quality.edit"))))),
        form);
    }

    startPage(async (me) => {
      page.me = me;
      if (page.evaluations.length === 0 && page.scorecards.length === 0) await loadLists();
      else render();
    });
  }
}

customElements.define("fc-quality", QualityPage);
