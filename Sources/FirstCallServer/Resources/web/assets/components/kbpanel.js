// The knowledge panel of a chat: articles suggested for what the customer last wrote (updated
// as they write), a search box, and one click to put an article's answer into the reply.

import { api } from "../shared/api.js";
import { h } from "../shared/dom.js";
import { t } from "../shared/i18n.js";

/** Suggestions wait this long after the customer's last message. */
const settleMilliseconds = 300;
/** Suggestions use the customer's last few messages. */
const messagesConsidered = 2;
/** A reply holds at most this many characters (the server's limit). */
const replyLimit = 2000;

/** A panel whose "insert" calls `onInsert(text)`. */
export function knowledgePanel(onInsert) {
  const list = h("ol", { class: "kb-suggestions", dataset: { testid: "kb-suggestions" } });
  const input = h("input", { type: "search", maxlength: 2000, dataset: { testid: "kb-search" }, placeholder: t("kb.search"), "aria-label": t("kb.search") });
  const note = h("p", { class: "kb-note", dataset: { testid: "kb-note" }, hidden: true });
  const customerMessages = [];
  let timer;
  let latest = "";

  async function search(query) {
    latest = query;
    if (!query) {
      list.replaceChildren();
      note.hidden = true;
      return;
    }
    let found;
    try {
      found = await api("GET", `/api/v1/kb/search?limit=3&q=${encodeURIComponent(query)}`);
    } catch {
      return;
    }
    if (query !== latest) return;
    note.textContent = found.results.length === 0 ? t("kb.none") : found.confident ? "" : t("kb.unsure");
    note.hidden = !note.textContent;
    list.replaceChildren(...found.results.map((result) =>
      h("li", { dataset: { testid: "kb-suggestion", id: result.id } },
        h("strong", {}, result.title),
        h("p", { class: "kb-snippet" }, result.snippet.map((piece) => (piece.highlighted ? h("mark", {}, piece.text) : piece.text))),
        h("button", { type: "button", class: "secondary", dataset: { testid: "kb-insert" }, "data-live-only": "", onclick: async () => {
          const article = await api("GET", `/api/v1/kb/articles/${encodeURIComponent(result.id)}?q=${encodeURIComponent(query)}`).catch(() => null);
          if (article) onInsert(article.body.slice(0, replyLimit));
        } }, t("kb.insert")))));
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value.trim()), settleMilliseconds);
  });

  return {
    element: h("aside", { class: "kb-panel", dataset: { testid: "kb-panel" } }, h("h3", {}, t("kb.title")), input, note, list),
    /** Suggests articles for a new customer message, unless the agent is searching by hand. */
    customerSaid(text) {
      customerMessages.push(text);
      if (customerMessages.length > messagesConsidered) customerMessages.shift();
      if (input.value.trim()) return;
      clearTimeout(timer);
      timer = setTimeout(() => search(customerMessages.join(" ")), settleMilliseconds);
    },
  };
}
