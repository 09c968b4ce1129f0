// The public help center: search the published knowledge base as you type and read an article.
// Everything from the server is shown as text; highlights are <mark> elements around text.

import { h } from "./dom.js";
import { t, translate } from "./i18n.js";

translate();

const form = document.getElementById("faq-search");
const input = form.querySelector("input[name=q]");
const status = document.querySelector("[data-testid=faq-status]");
const results = document.querySelector("[data-testid=faq-results]");
const article = document.querySelector("[data-testid=faq-article]");

/** Searches wait this long after the last keystroke. */
const typingPauseMilliseconds = 250;
let pending;
let latestQuery = "";

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

async function search(query) {
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
    found = await getJSON(`/api/public/kb/search?limit=10&q=${encodeURIComponent(query)}`);
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

async function open(id) {
  let shown;
  try {
    shown = await getJSON(`/api/public/kb/articles/${encodeURIComponent(id)}`);
  } catch {
    showStatus(t("faq.gone"));
    return;
  }
  article.querySelector("[data-testid=faq-article-title]").textContent = shown.title;
  article.querySelector("[data-testid=faq-article-body]").textContent = shown.body;
  article.lang = shown.language;
  results.hidden = true;
  showStatus("");
  article.hidden = false;
}

article.querySelector("[data-testid=faq-back]").addEventListener("click", () => {
  article.hidden = true;
  results.hidden = false;
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(pending);
  search(input.value.trim());
});

input.addEventListener("input", () => {
  clearTimeout(pending);
  pending = setTimeout(() => search(input.value.trim()), typingPauseMilliseconds);
});

const initial = new URL(window.location.href).searchParams.get("q");
if (initial) {
  input.value = initial;
  search(initial.trim());
}
