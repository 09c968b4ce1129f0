// Small DOM helpers shared by the pages. Text is always set as text, never as HTML.

import { t } from "./i18n.js";

/** Creates an element with attributes and children (strings become text nodes). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === undefined || value === null) continue;
    if (name === "dataset") Object.assign(element.dataset, value);
    else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined));
  return element;
}

/** The message to show for a failed API call. */
export function errorText(failure) {
  if (failure?.status === 0) return t("error.network");
  return failure.message;
}
