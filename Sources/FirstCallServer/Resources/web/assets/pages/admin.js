// The admin area: one <fc-resource> view per record type (users, teams, queues, skills),
// each a table plus a form, driven by the field lists below. All text is set with
// textContent, so names from the database are never interpreted as HTML.

import "../components/voiceadmin.js";
import { api, APIError } from "../shared/api.js";
import { renderMarkdown } from "../shared/markdown.js";
import { errorText, h } from "../shared/dom.js";
import { t } from "../shared/i18n.js";
import { settings, startPage, valuesOf } from "../shared/session.js";

/** What each section lists and edits. `lookups` are loaded before rendering. */
const resources = {
  users: {
    path: "/api/v1/users",
    label: (user) => user.username,
    lookups: ["teams", "skills"],
    columns: [
      ["field.username", (user) => user.username],
      ["field.displayName", (user) => user.displayName],
      ["field.role", (user) => t(`role.${user.role}`)],
      ["field.team", (user, lookups) => lookups.teams.get(user.teamId) ?? t("value.none")],
      ["field.chatCapacity", (user) => String(user.chatCapacity)],
      ["field.isActive", (user) => t(user.isActive ? "value.yes" : "value.no")],
    ],
    fields: (lookups, editing) => [
      { name: "username", label: "field.username", type: "text", required: true },
      { name: "displayName", label: "field.displayName", type: "text", required: true },
      {
        name: "password", label: editing ? "field.passwordKeep" : "field.password", type: "password",
        required: !editing, omitEmpty: true,
      },
      { name: "role", label: "field.role", type: "select", options: settings.roles.map((role) => [role, t(`role.${role}`)]) },
      {
        name: "teamId", label: "field.team", type: "select", nullable: true,
        options: [["", t("value.none")], ...lookups.teams.entries()],
      },
      {
        name: "chatCapacity", label: "field.chatCapacity", type: "select", number: true,
        options: valuesOf(settings.chatCapacity).map((n) => [n, String(n)]), default: settings.chatCapacity.standard,
      },
      { name: "canEvaluateQuality", label: "field.canEvaluateQuality", type: "checkbox" },
      { name: "canPlanWorkforce", label: "field.canPlanWorkforce", type: "checkbox" },
      { name: "isActive", label: "field.isActive", type: "checkbox", default: true },
    ],
    rowActions: (user, view) => [
      h("button", { type: "button", class: "link-button", dataset: { testid: "row-skills" }, onclick: () => view.editSkills(user) }, t("action.skills")),
      h("button", { type: "button", class: "link-button", dataset: { testid: "row-unlock" }, onclick: () => view.unlock(user) }, t("action.unlock")),
    ],
  },
  teams: {
    path: "/api/v1/teams",
    label: (team) => team.name,
    lookups: ["supervisors"],
    columns: [
      ["field.name", (team) => team.name],
      ["field.supervisor", (team, lookups) => lookups.supervisors.get(team.supervisorId) ?? t("value.none")],
    ],
    fields: (lookups) => [
      { name: "name", label: "field.name", type: "text", required: true },
      {
        name: "supervisorId", label: "field.supervisor", type: "select", nullable: true,
        options: [["", t("value.none")], ...lookups.supervisors.entries()],
      },
    ],
  },
  queues: {
    path: "/api/v1/queues",
    label: (queue) => queue.name,
    lookups: ["skills", "queues"],
    columns: [
      ["field.name", (queue) => queue.name],
      ["field.strategy", (queue) => t(`strategy.${queue.strategy}`)],
      ["field.channels", (queue) => queue.channels.map((channel) => t(`channel.${channel}`)).join(" · ")],
      ["field.serviceLevelTarget", (queue) => `${Math.round(queue.serviceLevelTarget * 100)}%`],
      ["field.serviceLevelThresholdSeconds", (queue) => queue.serviceLevelThresholdSeconds ? `${queue.serviceLevelThresholdSeconds} s` : t("value.none")],
      ["field.requiredSkills", (queue, lookups) => queue.requiredSkills.map((skill) => `${lookups.skills.get(skill.skillId) ?? "?"} ≥ ${skill.minimumProficiency}`).join(", ") || t("value.none")],
      ["field.active", (queue) => t(queue.active ? "value.yes" : "value.no")],
    ],
    fields: (lookups) => [
      { name: "name", label: "field.name", type: "text", required: true },
      { name: "description", label: "field.description", type: "textarea" },
      { name: "channels", label: "field.channels", type: "checkboxes", options: settings.channels.map((c) => [c, t(`channel.${c}`)]), default: ["voice", "chat"] },
      { name: "serviceLevelTarget", label: "field.serviceLevelTarget", type: "percent", default: 0.8 },
      { name: "serviceLevelThresholdSeconds", label: "field.serviceLevelThresholdSeconds", type: "seconds" },
      { name: "requiredSkills", label: "field.requiredSkills", type: "skillLevels", skills: lookups.skills, key: "minimumProficiency" },
      { name: "strategy", label: "field.strategy", type: "select", options: settings.routingStrategies.map((s) => [s, t(`strategy.${s}`)]) },
      {
        name: "overflowQueueId", label: "field.overflowQueue", type: "select", nullable: true,
        options: [["", t("value.none")], ...lookups.queues.entries()],
      },
      { name: "overflowAfterSeconds", label: "field.overflowAfterSeconds", type: "seconds" },
      { name: "overflowExpectedWaitSeconds", label: "field.overflowExpectedWaitSeconds", type: "seconds" },
      { name: "widgetOrigins", label: "field.widgetOrigins", type: "tags" },
      { name: "ringSeconds", label: "field.ringSeconds", type: "perChannel", bounds: settings.ringSeconds, default: settings.defaultRingSeconds },
      { name: "maximumWaiting", label: "field.maximumWaiting", type: "seconds", max: 100000 },
      { name: "openingHours", label: "field.openingHours", type: "hours" },
      { name: "widget", label: "field.widget", type: "widget" },
      { name: "chatsDuringCalls", label: "field.chatsDuringCalls", type: "checkbox" },
      { name: "active", label: "field.active", type: "checkbox", default: true },
    ],
    rowActions: (queue, view) => queue.active ? [] : [
      h("button", { type: "button", class: "link-button", dataset: { testid: "row-activate" }, onclick: () => view.setActive(queue, true) }, t("action.activate")),
    ],
  },
  articles: {
    path: "/api/v1/kb/articles",
    label: (article) => article.title,
    lookups: [],
    columns: [
      ["field.articleId", (article) => article.id],
      ["field.title", (article) => article.title],
      ["field.category", (article) => article.category || t("value.none")],
      ["field.status", (article) => t(`status.${article.status}`)],
      ["field.version", (article) => String(article.version)],
      ["field.reviewDue", (article) => article.reviewDue ?? t("value.none")],
    ],
    fields: (lookups, editing) => [
      ...(editing ? [] : [{ name: "id", label: "field.articleIdOptional", type: "text", omitEmpty: true }]),
      { name: "title", label: "field.title", type: "text", required: true },
      { name: "body", label: "field.body", type: "markdown", rows: 14 },
      { name: "tags", label: "field.tags", type: "tags" },
      { name: "category", label: "field.category", type: "text" },
      { name: "language", label: "field.language", type: "select", options: [["zh-CN", "中文"], ["en", "English"]] },
      { name: "status", label: "field.status", type: "select", options: ["draft", "published"].map((s) => [s, t(`status.${s}`)]) },
      { name: "reviewDue", label: "field.reviewDue", type: "date", nullable: true },
    ],
    // A change names the version it was made on, so a concurrent save is refused, not lost.
    patchExtras: (article) => ({ version: article.version }),
    toolbar: (view) => [
      h("label", { class: "button secondary file-button" }, t("kb.import"),
        h("input", { type: "file", accept: ".jsonl,.ndjson,application/x-ndjson,text/plain", dataset: { testid: "kb-import" }, hidden: true,
          onchange: (event) => view.importArticles(event.target.files[0]) })),
      h("a", { class: "button secondary", href: "/api/v1/kb/export", download: "articles.jsonl", dataset: { testid: "kb-export" } }, t("kb.export")),
      h("button", { type: "button", class: "secondary", dataset: { testid: "kb-synonyms" }, onclick: () => view.editSynonyms() }, t("kb.synonyms")),
    ],
  },
  templates: {
    path: "/api/v1/reply-templates",
    label: (template) => template.name,
    lookups: [],
    columns: [
      ["field.name", (template) => template.name],
      ["field.templateBody", (template) => template.body],
    ],
    fields: () => [
      { name: "name", label: "field.name", type: "text", required: true },
      { name: "body", label: "field.templateBody", type: "textarea", rows: 5 },
    ],
    help: "templates.help",
  },
  lists: {
    // Two lists edited as text, one entry per line, saved together.
    page: (view) => view.editLists(),
  },
  voice: {
    // Numbers, trunks and prompts: lists the API keeps whole, in a component of their own.
    page: (view) => view.replaceChildren(h("fc-voice-admin")),
  },
  audit: {
    path: "/api/v1/audit?limit=200",
    label: (entry) => String(entry.sequence),
    // Newest first; nobody edits the record of what was done.
    order: (a, b) => b.sequence - a.sequence,
    readOnly: true,
    lookups: ["users"],
    columns: [
      ["field.at", (entry) => new Date(entry.at).toLocaleString()],
      ["field.actor", (entry, lookups) => lookups.users.get(entry.actorId) ?? entry.actorId ?? t("value.none")],
      ["field.action", (entry) => t(`audit.${entry.action}`)],
      ["field.entity", (entry) => `${t(`audit.entity.${entry.entity}`)} · ${entry.entityId}`],
      ["field.detail", (entry) => entry.detail],
    ],
  },
  skills: {
    path: "/api/v1/skills",
    label: (skill) => skill.name,
    lookups: [],
    columns: [
      ["field.name", (skill) => skill.name],
      ["field.description", (skill) => skill.description],
    ],
    fields: () => [
      { name: "name", label: "field.name", type: "text", required: true },
      { name: "description", label: "field.description", type: "textarea" },
    ],
  },
};

/** Loads the id → name maps a section's columns and selects need. */
async function loadLookups(names) {
  const lookups = {};
  for (const name of names) {
    if (name === "teams") lookups.teams = new Map((await api("GET", "/api/v1/teams")).items.map((team) => [team.id, team.name]));
    if (name === "queues") lookups.queues = new Map((await api("GET", "/api/v1/queues")).items.map((queue) => [queue.id, queue.name]));
    if (name === "users") lookups.users = new Map((await api("GET", "/api/v1/users")).items.map((user) => [user.id, user.username]));
    if (name === "skills") lookups.skills = new Map((await api("GET", "/api/v1/skills")).items.map((skill) => [skill.id, skill.name]));
    if (name === "supervisors") {
      const users = (await api("GET", "/api/v1/users")).items.filter((user) => user.role !== "agent");
      lookups.supervisors = new Map(users.map((user) => [user.id, `${user.displayName} (${user.username})`]));
    }
  }
  return lookups;
}

/** Builds the input of one field, filled with `value`. */
function fieldInput(field, value) {
  const id = `field-${field.name}`;
  const label = (control) => h("label", { class: `field field-${field.type}` }, h("span", {}, t(field.label)), control);
  switch (field.type) {
    case "textarea":
      return label(h("textarea", { name: field.name, id, rows: field.rows ?? 3 }, value ?? ""));
    case "markdown": {
      // The whole form's width, with the article as readers will see it beside the source.
      const source = h("textarea", { name: field.name, id, rows: field.rows ?? 10 }, value ?? "");
      const preview = h("div", { class: "markdown-preview", dataset: { testid: "markdown-preview" }, "aria-live": "polite" });
      const show = () => preview.replaceChildren(...renderMarkdown(source.value));
      source.addEventListener("input", show);
      show();
      return h("div", { class: "field field-markdown" }, label(source), h("span", { class: "hint" }, t("kb.preview")), preview);
    }
    case "tags":
      return label(h("input", { type: "text", name: field.name, id, value: (value ?? []).join(", "), autocomplete: "off" }));
    case "select": {
      const select = h("select", { name: field.name, id }, field.options.map(([key, text]) => h("option", { value: key }, text)));
      select.value = String(value ?? field.default ?? field.options[0]?.[0] ?? "");
      return label(select);
    }
    case "checkbox":
      return label(h("input", { type: "checkbox", name: field.name, id, checked: value ?? field.default ?? false }));
    case "checkboxes":
      return h("fieldset", { class: "field", dataset: { name: field.name } }, h("legend", {}, t(field.label)),
        field.options.map(([key, text]) => h("label", { class: "inline" },
          h("input", { type: "checkbox", name: field.name, value: key, checked: (value ?? field.default).includes(key) }), text)));
    case "percent":
      return label(h("input", { type: "number", name: field.name, id, min: 1, max: 100, step: 1, value: Math.round((value ?? field.default) * 100) }));
    case "seconds":
      return label(h("input", { type: "number", name: field.name, id, min: 1, max: field.max ?? 86400, step: 1, value: value ?? "" }));
    case "perChannel":
      return h("fieldset", { class: "field per-channel", dataset: { name: field.name } }, h("legend", {}, t(field.label)),
        settings.channels.map((channel) => h("label", { class: "inline" }, h("span", {}, t(`channel.${channel}`)),
          h("input", { type: "number", dataset: { channel }, min: field.bounds.minimum, max: field.bounds.maximum, step: 1,
            value: value?.[channel] ?? field.default[channel] }))));
    case "hours":
      return hoursInput(field, value);
    case "widget":
      return widgetInput(field, value);
    case "skillLevels": {
      const levels = new Map((value ?? []).map((entry) => [entry.skillId, entry[field.key]]));
      return h("fieldset", { class: "field skill-levels", dataset: { name: field.name } }, h("legend", {}, t(field.label)),
        [...field.skills.entries()].map(([skillId, name]) => {
          const select = h("select", { dataset: { skillId } }, [["", t("value.none")], ...valuesOf(settings.proficiency).map((n) => [n, String(n)])]
            .map(([key, text]) => h("option", { value: key }, text)));
          select.value = levels.has(skillId) ? String(levels.get(skillId)) : "";
          return h("label", { class: "inline" }, h("span", {}, name), select);
        }));
    }
    default:
      return label(h("input", {
        type: field.type, name: field.name, id, value: field.type === "password" ? "" : (value ?? ""),
        required: field.required, autocomplete: field.type === "password" ? "new-password" : "off",
      }));
  }
}

/** The chat widget of a queue: colour, title, avatar, welcome message and the pre-chat form. */
function widgetInput(field, value) {
  const widget = value ?? { color: "#1d4ed8", preChat: {} };
  const text = (name, label, attributes = {}) => h("label", { class: "inline" }, h("span", {}, t(label)),
    h("input", { type: "text", name: `widget-${name}`, value: widget[name] ?? "", ...attributes }));
  return h("fieldset", { class: "field widget-settings", dataset: { name: field.name } }, h("legend", {}, t(field.label)),
    h("label", { class: "inline" }, h("span", {}, t("widgetAdmin.color")),
      h("input", { type: "color", name: "widget-color", value: widget.color })),
    text("title", "widgetAdmin.titleField", { maxlength: 100 }),
    text("avatarUrl", "widgetAdmin.avatar", { type: "url", placeholder: "https://…" }),
    h("label", { class: "inline" }, h("span", {}, t("widgetAdmin.welcome")),
      h("textarea", { name: "widget-welcome", rows: 2, maxlength: 500 }, widget.welcome ?? "")),
    ["name", "phone", "email"].map((detail) => {
      const select = h("select", { name: `widget-preChat-${detail}` },
        ["off", "optional", "required"].map((ask) => h("option", { value: ask }, t(`widgetAdmin.ask.${ask}`))));
      select.value = widget.preChat?.[detail] ?? "off";
      return h("label", { class: "inline" }, h("span", {}, t(`widgetAdmin.preChat.${detail}`)), select);
    }));
}

/** Opening hours: always, or per weekday in a time zone, with the calendar's special days closed. */
function hoursInput(field, value) {
  const days = value?.weekly ?? ["09:00-18:00", "09:00-18:00", "09:00-18:00", "09:00-18:00", "09:00-18:00", "", ""];
  const always = h("input", { type: "checkbox", name: "alwaysOpen", checked: !value, dataset: { testid: "hours-always" } });
  const details = h("div", { class: "hours", hidden: !value },
    h("label", { class: "inline" }, h("span", {}, t("hours.timeZone")),
      h("input", { type: "text", name: "timeZone", value: value?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone })),
    days.map((day, index) => h("label", { class: "inline" }, h("span", {}, t(`weekday.${index}`)),
      h("input", { type: "text", dataset: { day: String(index) }, value: day, placeholder: t("hours.closed") }))),
    h("label", { class: "inline" },
      h("input", { type: "checkbox", name: "closedOnSpecialDays", checked: value?.closedOnSpecialDays ?? true }),
      t("hours.closedOnSpecialDays")),
    h("p", { class: "hint" }, t("hours.hint")));
  always.addEventListener("change", () => { details.hidden = always.checked; });
  return h("fieldset", { class: "field opening-hours", dataset: { name: field.name } }, h("legend", {}, t(field.label)),
    h("label", { class: "inline" }, always, t("hours.always")), details);
}

/** Reads the form back into a request body. */
function readForm(form, fields) {
  const body = {};
  for (const field of fields) {
    switch (field.type) {
      case "checkbox":
        body[field.name] = form.elements[field.name].checked;
        break;
      case "checkboxes":
        body[field.name] = [...form.querySelectorAll(`input[name="${field.name}"]:checked`)].map((input) => input.value);
        break;
      case "percent":
        body[field.name] = Number(form.elements[field.name].value) / 100;
        break;
      case "seconds": {
        const text = form.elements[field.name].value.trim();
        body[field.name] = text === "" ? null : Number(text);
        break;
      }
      case "tags":
        body[field.name] = form.elements[field.name].value.split(/[,，]/).map((tag) => tag.trim()).filter(Boolean);
        break;
      case "perChannel":
        body[field.name] = Object.fromEntries([...form.querySelectorAll(`[data-name="${field.name}"] input`)]
          .map((input) => [input.dataset.channel, input.value.trim() === "" ? null : Number(input.value)]));
        break;
      case "widget": {
        const fieldset = form.querySelector(`[data-name="${field.name}"]`);
        const value = (name) => fieldset.querySelector(`[name="widget-${name}"]`).value.trim();
        body[field.name] = {
          color: value("color"), title: value("title"), avatarUrl: value("avatarUrl"), welcome: value("welcome"),
          preChat: Object.fromEntries(["name", "phone", "email"].map((detail) => [detail, value(`preChat-${detail}`)])),
        };
        break;
      }
      case "hours": {
        const fieldset = form.querySelector(`[data-name="${field.name}"]`);
        body[field.name] = fieldset.querySelector("[name=alwaysOpen]").checked ? null : {
          timeZone: fieldset.querySelector("[name=timeZone]").value.trim(),
          weekly: [...fieldset.querySelectorAll("[data-day]")].map((input) => input.value.trim()),
          closedOnSpecialDays: fieldset.querySelector("[name=closedOnSpecialDays]").checked,
        };
        break;
      }
      case "skillLevels":
        body[field.name] = [...form.querySelectorAll(`[data-name="${field.name}"] select`)]
          .filter((select) => select.value !== "")
          .map((select) => ({ skillId: select.dataset.skillId, [field.key]: Number(select.value) }));
        break;
      default: {
        const value = form.elements[field.name].value;
        if (field.omitEmpty && value === "") break;
        if (field.nullable && value === "") body[field.name] = null;
        else body[field.name] = field.number ? Number(value) : value;
      }
    }
  }
  return body;
}

/** <fc-resource section="queues">: the list and form of one record type. */
class ResourceView extends HTMLElement {
  async connectedCallback() {
    this.config = resources[this.getAttribute("section")];
    if (this.config.page) await this.config.page(this);
    else await this.reload();
  }

  async reload(message) {
    try {
      this.lookups = await loadLookups(this.config.lookups);
      this.records = (await api("GET", this.config.path)).items
        .sort(this.config.order ?? ((a, b) => this.config.label(a).localeCompare(this.config.label(b), undefined, { numeric: true })));
      this.render(message);
    } catch (failure) {
      this.replaceChildren(h("p", { class: "form-error", dataset: { testid: "form-error" } }, errorText(failure)));
    }
  }

  render(message) {
    const { columns } = this.config;
    const table = h("table", { class: "records" },
      h("thead", {}, h("tr", {}, columns.map(([key]) => h("th", {}, t(key))), h("th", {}))),
      h("tbody", {}, this.records.length === 0
        ? h("tr", {}, h("td", { colspan: columns.length + 1, class: "empty" }, t("list.empty")))
        : this.records.map((record) => h("tr", { dataset: { testid: "resource-row", name: this.config.label(record) } },
            columns.map(([, value]) => h("td", {}, value(record, this.lookups))),
            h("td", { class: "actions" }, this.config.readOnly ? [] : [
              ...(this.config.rowActions?.(record, this) ?? []),
              h("button", { type: "button", class: "link-button", dataset: { testid: "row-edit" }, onclick: () => this.openForm(record) }, t("action.edit")),
              h("button", { type: "button", class: "link-button danger", dataset: { testid: "row-delete" }, onclick: () => this.remove(record) }, t("action.delete"))])))));
    this.replaceChildren(
      h("div", { class: "toolbar" },
        h("h2", {}, t(`nav.${this.getAttribute("section")}`)),
        this.config.readOnly ? null
          : h("button", { type: "button", dataset: { testid: "resource-new" }, onclick: () => this.openForm(null) }, t("action.new")),
        this.config.toolbar?.(this) ?? [],
        message ? h("span", { class: "notice", role: "status", dataset: { testid: "notice" } }, message) : null),
      this.config.help ? h("p", { class: "hint" }, t(this.config.help)) : null,
      h("div", { class: "panel", dataset: { testid: "resource-panel" } }),
      table);
  }

  openForm(record) {
    const fields = this.config.fields(this.lookups, record !== null);
    this.showForm("resource", fields.map((field) => fieldInput(field, record?.[field.name])), async (form) => {
      const body = readForm(form, fields);
      if (record) {
        await api("PATCH", `${this.config.path}/${record.id}`, { ...body, ...(this.config.patchExtras?.(record) ?? {}) });
      } else {
        // null means "clear" on PATCH; a new record simply leaves the field out.
        await api("POST", this.config.path, Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null)));
      }
    });
  }

  async remove(record) {
    if (!window.confirm(t("confirm.delete", { name: this.config.label(record) }))) return;
    try {
      await api("DELETE", `${this.config.path}/${record.id}`);
      await this.reload();
    } catch (failure) {
      this.showError(failure);
      // A queue in use is not deleted; deactivating it stops new contacts and keeps the rest.
      if (failure.code === "inUse" && record.active) {
        this.querySelector(".toolbar").append(h("button", { type: "button", class: "secondary", dataset: { testid: "queue-deactivate" },
          onclick: () => this.setActive(record, false) }, t("action.deactivate")));
      }
    }
  }

  /** The center's wrap-up and not-ready reasons, one per line. */
  async editLists(message) {
    let lists;
    try {
      lists = await api("GET", "/api/v1/center-lists");
    } catch (failure) {
      this.replaceChildren(h("p", { class: "form-error", dataset: { testid: "form-error" } }, errorText(failure)));
      return;
    }
    const area = (name, entries, labelKey, hintKey) => h("label", { class: "field field-markdown" }, h("span", {}, t(labelKey)),
      h("textarea", { name, rows: 8, dataset: { testid: `list-${name}` } }, entries.join("\n")), h("span", { class: "hint" }, t(hintKey)));
    const error = h("p", { class: "form-error", role: "alert", dataset: { testid: "form-error" }, hidden: true });
    const form = h("form", { class: "record-form", dataset: { testid: "lists-form" } },
      area("wrapUpReasons", lists.wrapUpReasons, "lists.wrapUpReasons", "lists.wrapUpHint"),
      area("notReadyReasons", lists.notReadyReasons, "lists.notReadyReasons", "lists.notReadyHint"),
      error,
      h("div", { class: "form-actions" }, h("button", { type: "submit", dataset: { testid: "lists-save" } }, t("action.save"))));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const entries = (name) => form.elements[name].value.split("\n").map((line) => line.trim()).filter(Boolean);
      try {
        await api("PUT", "/api/v1/center-lists", { wrapUpReasons: entries("wrapUpReasons"), notReadyReasons: entries("notReadyReasons") });
        await this.editLists(t("saved"));
      } catch (failure) {
        error.textContent = errorText(failure, { wrapUpReasons: t("lists.wrapUpReasons"), notReadyReasons: t("lists.notReadyReasons") });
        error.hidden = false;
      }
    });
    this.replaceChildren(h("div", { class: "toolbar" }, h("h2", {}, t("nav.lists")),
      message ? h("span", { class: "notice", role: "status", dataset: { testid: "notice" } }, message) : null), form);
  }

  /** Forgets a user's failed logins, so she may try again at once. */
  async unlock(user) {
    try {
      await api("POST", `/api/v1/users/${user.id}/unlock`);
      await this.reload(t("users.unlocked", { name: user.username }));
    } catch (failure) {
      this.showError(failure);
    }
  }

  async setActive(record, active) {
    try {
      await api("PATCH", `${this.config.path}/${record.id}`, { active });
      await this.reload(t("saved"));
    } catch (failure) {
      this.showError(failure);
    }
  }

  /** The list again, with what went wrong beside its toolbar. */
  showError(failure) {
    this.render();
    this.querySelector(".toolbar").append(h("span", { class: "form-error", dataset: { testid: "form-error" } }, errorText(failure)));
  }

  /** Sends a JSON Lines file to the import and shows how many articles it saved. */
  async importArticles(file) {
    if (!file) return;
    try {
      const response = await fetch("/api/v1/kb/import", {
        method: "POST", credentials: "same-origin",
        headers: { "X-FirstCall-CSRF": "1", "Content-Type": "text/plain; charset=utf-8" }, body: await file.text(),
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) throw new APIError(response.status, data);
      await this.reload(t("kb.imported", { count: data.imported }));
    } catch (failure) {
      this.showError(failure);
    }
  }

  /** The synonym dictionary as text, one group per line; saved as a whole, or reset to the standard one. */
  async editSynonyms() {
    const dictionary = await api("GET", "/api/v1/kb/synonyms");
    const text = h("textarea", { name: "synonyms", rows: 16, dataset: { testid: "synonyms-text" }, "aria-label": t("kb.synonyms") },
      dictionary.groups.map((group) => group.join(", ")).join("\n"));
    const reset = h("button", { type: "button", class: "secondary", dataset: { testid: "synonyms-reset" }, onclick: async () => {
      try {
        await api("DELETE", "/api/v1/kb/synonyms");
        await this.reload(t("saved"));
      } catch (failure) {
        this.showError(failure);
      }
    } }, t("kb.synonymsReset"));
    this.showForm("synonyms", [
      h("h3", {}, t("kb.synonyms")),
      h("p", { class: "hint", dataset: { testid: "synonyms-source" } },
        dictionary.standard ? t("kb.synonymsStandard") : t("kb.synonymsCustom", { count: dictionary.groups.length })),
      h("p", { class: "hint" }, t("kb.synonymsHint")),
      text, reset,
    ], (form) => api("PUT", "/api/v1/kb/synonyms", {
      groups: form.elements.synonyms.value.split("\n")
        .map((line) => line.split(/[,，、]/).map((word) => word.trim()).filter(Boolean))
        .filter((group) => group.length > 0),
    }));
  }

  /** The skills panel of one agent: a level per skill, saved as a whole. */
  async editSkills(user) {
    const current = (await api("GET", `/api/v1/users/${user.id}/skills`)).items;
    const field = { name: "skills", label: "field.proficiency", type: "skillLevels", skills: this.lookups.skills, key: "proficiency" };
    this.showForm("skills", [h("h3", {}, t("skills.title", { name: user.displayName })), fieldInput(field, current)],
      (form) => api("PUT", `/api/v1/users/${user.id}/skills`, readForm(form, [field])));
  }

  /**
   * Shows a form with `inputs` in the panel; on submit runs `save(form)`, then reloads the
   * list, or shows the server's error under the form. Test ids: `<name>-form`, `<name>-save`.
   */
  showForm(name, inputs, save) {
    const error = h("p", { class: "form-error", role: "alert", dataset: { testid: "form-error" }, hidden: true });
    const form = h("form", { class: "record-form", dataset: { testid: `${name}-form` }, novalidate: true },
      inputs,
      error,
      h("div", { class: "form-actions" },
        h("button", { type: "submit", dataset: { testid: `${name}-save` } }, t("action.save")),
        h("button", { type: "button", class: "secondary", onclick: () => this.render() }, t("action.cancel"))));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        await save(form);
        await this.reload(t("saved"));
      } catch (failure) {
        error.textContent = errorText(failure);
        error.hidden = false;
      }
    });
    this.querySelector("[data-testid=resource-panel]").replaceChildren(form);
    form.querySelector("input, select, textarea")?.focus();
  }
}
customElements.define("fc-resource", ResourceView);

function showSection() {
  const section = resources[location.hash.slice(1)] ? location.hash.slice(1) : "users";
  for (const link of document.querySelectorAll(".sidebar a")) {
    link.classList.toggle("active", link.getAttribute("href") === `#${section}`);
  }
  document.getElementById("content").replaceChildren(h("fc-resource", { section }));
}

window.addEventListener("hashchange", showSection);
startPage(showSection);
