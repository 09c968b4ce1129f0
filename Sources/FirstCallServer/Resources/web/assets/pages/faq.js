// The public help center: search the published knowledge base as you type and read an article.
// Everything from the server is shown as text; highlights are <mark> elements around text, and
// article bodies are Markdown built into elements from text.

import { h } from "../shared/dom.js";
import { t, translate } from "../shared/i18n.js";
import { renderMarkdown } from "../shared/markdown.js";

translate();

/** Searches wait this long after the last keystroke. */
const typingPauseMilliseconds = 250;
/** A question left alone this long counts as asked (and is recorded for the report). */
const askedPauseMilliseconds = 1500;

/**
 * <fc-help-center>: the search box, the results and the article shown, around the markup of
 * the page. It holds its own state (the query being typed, the one last recorded, the article
 * open) and starts with `?q=` or `?article=` from the address.
 */
class HelpCenter extends HTMLElement {
  connectedCallback() {
    const form = this.querySelector("#faq-search");
    const input = form.querySelector("input[name=q]");
    const status = this.querySelector("[data-testid=faq-status]");
    const results = this.querySelector("[data-testid=faq-results]");
    const article = this.querySelector("[data-testid=faq-article]");
    const feedback = this.querySelector("[data-testid=faq-feedback]");

    let pending;
    let asked;
    let latestQuery = "";
    let recordedQuery = "";
    let shownArticle = null;

    function placeholder() {
      input.placeholder = t("faq.placeholder");
      input.setAttribute("aria-label", t("faq.placeholder"));
    }
    placeholder();
    window.addEventListener("languagechange-firstcall", placeholder);

    async function getJSON(path) {
      const response = await fetch(path, { credentials: "omit" });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(data.error || response.statusText);
      return data;
    }

    function showStatus(text) {
      status.textContent = text;
      status.hidden = !text;
    }

    async function search(query, typing = false) {
      latestQuery = query;
      const url = new URL(window.location.href);
      if (query) url.searchParams.set("q", query);
      else url.searchParams.delete("q");
      history.replaceState(null, "", url);
      article.hidden = true;
      if (!query) {
        results.replaceChildren();
        showStatus("");
        return;
      }
      let found;
      try {
        if (!typing) recordedQuery = query;
        found = await getJSON(`/api/public/kb/search?limit=10&typing=${typing}&q=${encodeURIComponent(query)}`);
      } catch {
        showStatus(t("error.network"));
        return;
      }
      // An older answer that arrives after a newer question is dropped.
      if (query !== latestQuery) return;
      showStatus(found.results.length === 0 ? t("faq.none") : found.confident ? "" : t("faq.unsure"));
      results.replaceChildren(
        ...found.results.map((result) =>
          h(
            "li",
            { dataset: { testid: "faq-result", id: result.id } },
            h("button", { type: "button", class: "faq-result-title", onclick: () => open(result.id) }, result.title),
            h(
              "p",
              { class: "faq-snippet" },
              result.snippet.map((piece) => (piece.highlighted ? h("mark", {}, piece.text) : piece.text)),
            ),
          ),
        ),
      );
      results.hidden = false;
    }

    async function open(id, fromBot = false) {
      // Opening a result means the question was asked: record it now if typing had not yet.
      clearTimeout(asked);
      if (latestQuery && latestQuery !== recordedQuery) {
        recordedQuery = latestQuery;
        await getJSON(`/api/public/kb/search?limit=1&q=${encodeURIComponent(latestQuery)}`).catch(() => {});
      }
      let shown;
      try {
        const origin = fromBot ? "from=bot" : `q=${encodeURIComponent(latestQuery)}`;
        shown = await getJSON(`/api/public/kb/articles/${encodeURIComponent(id)}?${origin}`);
      } catch {
        showStatus(t("faq.gone"));
        return;
      }
      article.querySelector("[data-testid=faq-article-title]").textContent = shown.title;
      article.querySelector("[data-testid=faq-article-body]").replaceChildren(...renderMarkdown(shown.body));
      article.lang = shown.language;
      shownArticle = shown.id;
      feedback.replaceChildren(t("faq.helped"),
        h("button", { type: "button", class: "secondary", dataset: { testid: "faq-helpful" }, onclick: () => vote(true) }, t("faq.yes")),
        h("button", { type: "button", class: "secondary", dataset: { testid: "faq-not-helpful" }, onclick: () => vote(false) }, t("faq.no")));
      results.hidden = true;
      showStatus("");
      article.hidden = false;
    }

    /** Tells the center whether the article helped, once per showing. */
    async function vote(helpful) {
      const body = { articleId: shownArticle, helpful };
      if (latestQuery) body.query = latestQuery;
      feedback.replaceChildren(t("faq.thanks"));
      await fetch("/api/public/kb/feedback", {
        method: "POST", credentials: "omit", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      }).catch(() => {});
    }

    article.querySelector("[data-testid=faq-back]").addEventListener("click", () => {
      article.hidden = true;
      results.hidden = false;
    });

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearTimeout(pending);
      clearTimeout(asked);
      search(input.value.trim());
    });

    input.addEventListener("input", () => {
      clearTimeout(pending);
      clearTimeout(asked);
      pending = setTimeout(() => search(input.value.trim(), true), typingPauseMilliseconds);
      asked = setTimeout(() => search(input.value.trim()), askedPauseMilliseconds);
    });

    // `?q=` starts with a search; `?article=` with an article (`&from=bot`: the chat bot's "open the
    // article" link, recorded as a click on the bot's answer).
    const parameters = new URL(window.location.href).searchParams;
    const initial = parameters.get("q");
    if (initial) {
      input.value = initial;
      search(initial.trim());
    }
    if (parameters.get("article")) open(parameters.get("article"), parameters.get("from") === "bot");
  }
}
customElements.define("fc-help-center", HelpCenter);
