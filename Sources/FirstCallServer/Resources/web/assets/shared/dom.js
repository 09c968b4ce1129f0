// Small DOM helpers shared by the pages. Text is always set as text, never as HTML.

import { hasMessage, t } from "./i18n.js";

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

/** The message to show for a failed API call, worded from its code in the user's language
 * (never the server's English): the field by its label on the page, else its catalog label. */
export function errorText(failure, labels = {}) {
  if (failure?.status === 0) return t("error.network");
  // A check the page made itself is worded already.
  if (failure?.status === undefined) return failure?.message ?? String(failure);
  const field = failure?.field ? fieldLabel(failure.field, labels) : "";
  const values = { contacts: "0", overflowOf: "—", ...failure?.params, field, status: failure?.status ?? "" };
  const key = failure?.code === "invalid" && !field ? "problem.invalidRequest" : `problem.${failure?.code}`;
  return hasMessage(key) ? t(key, values) : t("problem.unknown", values);
}

/** A field as the user knows it: `requiredSkills[0].skillId` is the "required skills" field. */
function fieldLabel(field, labels) {
  const root = field.split(/[.[]/)[0];
  if (labels[field] || labels[root]) return labels[field] || labels[root];
  return hasMessage(`field.${root}`) ? t(`field.${root}`) : field;
}
