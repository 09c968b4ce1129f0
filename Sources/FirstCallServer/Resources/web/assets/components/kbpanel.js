// The knowledge panel of a chat: articles suggested for what the customer asked (updated as
// they write; their answers to the bot, "否" or "yes", are not questions), in the chat's
// language first, a search box, and one click to put an article's answer where the agent's
// cursor is in the reply. The desk's look-ups are the agent's, not what customers search: the
// knowledge report leaves them out.

import { api } from "../shared/api.js";
import { h } from "../shared/dom.js";
import { t } from "../shared/i18n.js";

/** Suggestions wait this long after the customer's last message. */
const settleMilliseconds = 300;
/** Suggestions use the customer's last few messages. */
const messagesConsidered = 2;
/** A reply holds at most this many characters (the server's limit). */
const replyLimit = 2000;

/** Words that answer the bot or the agent rather than ask anything. */
const answerWords = new Set(["是", "否", "是的", "不是", "对", "不对", "好", "好的", "嗯", "嗯嗯", "有", "没有", "没", "解决了",
  "没解决", "没有解决", "还没", "还没有", "谢谢", "多谢", "不用了", "可以", "不行", "行", "ok", "okay", "yes", "no", "y", "n",
  "thanks", "thank", "you", "sure", "nope", "yep", "solved", "not"]);

/** Whether a customer's message only answers (yes, no, thanks) instead of asking. */
export function isAnswerOnly(text) {
  const words = text.toLowerCase().split(/[\s,.!?，。！？、~～…]+/).filter(Boolean);
  return words.length > 0 && words.every((word) => answerWords.has(word));
}

/** "zh" for text in Chinese characters, else "en". */
function languageOf(text) {
  return /[\u3400-\u9fff]/.test(text) ? "zh" : "en";
}

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
    // The chat's language first (a Chinese chat is not answered in English), the ranking kept within each.
    const language = languageOf(customerMessages.join(" ") || query);
    found.results.sort((a, b) => Number(!a.language.startsWith(language)) - Number(!b.language.startsWith(language)));
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
      if (isAnswerOnly(text)) return;
      customerMessages.push(text);
      if (customerMessages.length > messagesConsidered) customerMessages.shift();
      if (input.value.trim()) return;
      clearTimeout(timer);
      timer = setTimeout(() => search(customerMessages.join(" ")), settleMilliseconds);
    },
  };
}
