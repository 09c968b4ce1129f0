// The UI's language and its messages. Each language has one catalog file, i18n/<code>.json,
// with the same keys (a test holds them to it); the language is the user's choice in this
// browser (the switch in the top bar, remembered in localStorage), else the browser's first
// supported language. Every catalog is loaded before any page module runs (a few kilobytes
// each), so t() answers at once and a switch rewords the page at once.

export const languages = [
  { code: "zh-CN", label: "简体中文" },
  { code: "zh-TW", label: "繁體中文" },
  { code: "en", label: "English" },
];

const storageKey = "firstcall.language";
const catalogs = new Map();

/** Loads a language's catalog. */
async function load(code) {
  const response = await fetch(new URL(`./i18n/${code}.json`, import.meta.url));
  catalogs.set(code, await response.json());
}

/** The supported language a browser language tag asks for, if any (zh-HK, zh-Hant → zh-TW). */
export function supportedLanguage(tag) {
  const lower = (tag || "").toLowerCase();
  if (/^zh-(tw|hk|mo|hant)/.test(lower)) return "zh-TW";
  if (lower.startsWith("zh")) return "zh-CN";
  if (lower.startsWith("en")) return "en";
  return null;
}

/** The language in use: the saved choice, else the browser's first supported language. */
export function currentLanguage() {
  const saved = localStorage.getItem(storageKey);
  if (saved && languages.some(({ code }) => code === saved)) return saved;
  for (const wanted of navigator.languages || [navigator.language]) {
    const code = supportedLanguage(wanted);
    if (code) return code;
  }
  return "en";
}

await Promise.all(languages.map(({ code }) => load(code)));

/** Translates a key, filling {placeholders} from `values`. */
export function t(key, values = {}) {
  const text = catalogs.get(currentLanguage())?.[key] ?? catalogs.get("en")[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

/** Whether the catalogs word `key`. */
export function hasMessage(key) {
  return key in (catalogs.get("en") ?? {});
}

/** A code worded from the catalogs (`reason.lunch`), or as it is when it is the center's own
 * (a not-ready reason the admin added, 1对1辅导). */
export function labelOf(prefix, code) {
  return hasMessage(`${prefix}.${code}`) ? t(`${prefix}.${code}`) : code;
}

/** Fills every [data-i18n] element under `root` with its translation (as text, never HTML). */
export function translate(root = document) {
  document.documentElement.lang = currentLanguage();
  for (const element of root.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n);
  }
}

export function setLanguage(code) {
  localStorage.setItem(storageKey, code);
  translate();
  window.dispatchEvent(new CustomEvent("languagechange-firstcall"));
}

/** <fc-language-switch>: a select that switches the UI language. */
class LanguageSwitch extends HTMLElement {
  connectedCallback() {
    const select = document.createElement("select");
    select.dataset.testid = "language-switch";
    select.setAttribute("aria-label", "Language / 语言 / 語言");
    for (const { code, label } of languages) {
      const option = document.createElement("option");
      option.value = code;
      option.textContent = label;
      select.append(option);
    }
    select.value = currentLanguage();
    select.addEventListener("change", () => setLanguage(select.value));
    this.replaceChildren(select);
  }
}
customElements.define("fc-language-switch", LanguageSwitch);
