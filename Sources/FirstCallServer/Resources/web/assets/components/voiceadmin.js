// The admin's voice settings: the numbers the center answers with their IVR menus, the SIP
// trunks that may call in (and out, to the numbers their dial patterns take), and the prompts
// callers hear, each replaceable by an upload. Numbers and trunks are saved as whole lists,
// as the API keeps them. All text is set with textContent.

import { api, APIError } from "../shared/api.js";
import { errorText, h } from "../shared/dom.js";
import { t } from "../shared/i18n.js";

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];
const LANGUAGES = [["zh-CN", "中文"], ["en", "English"]];

/** Comma- or line-separated text as a list. */
function list(text) {
  return text.split(/[,，\n]/).map((item) => item.trim()).filter(Boolean);
}

function input(name, value, attributes = {}) {
  return h("input", { type: "text", name, value: value ?? "", autocomplete: "off", ...attributes });
}

function labelled(key, control, wide = false) {
  return h("label", { class: `field${wide ? " field-markdown" : ""}` }, h("span", {}, t(key)), control);
}

function select(name, options, value) {
  const control = h("select", { name }, options.map(([key, text]) => h("option", { value: key }, text)));
  control.value = value ?? options[0]?.[0] ?? "";
  return control;
}

/** <fc-voice-admin>: the three parts, each with its list and form. */
class VoiceAdmin extends HTMLElement {
  connectedCallback() {
    this.load();
  }

  async load(message) {
    try {
      const [numbers, trunks, prompts, queues] = await Promise.all([
        api("GET", "/api/v1/voice/numbers"), api("GET", "/api/v1/voice/trunks"),
        api("GET", "/api/v1/voice/prompts"), api("GET", "/api/v1/queues"),
      ]);
      this.numbers = numbers.numbers;
      this.trunks = trunks.trunks;
      this.prompts = prompts.items;
      this.voiceQueues = queues.items.filter((queue) => queue.channels.includes("voice"));
      this.render(message);
    } catch (failure) {
      this.replaceChildren(h("p", { class: "form-error", dataset: { testid: "form-error" } }, errorText(failure)));
    }
  }

  queueName(id) {
    return this.voiceQueues.find((queue) => queue.id === id)?.name ?? "?";
  }

  render(message) {
    this.replaceChildren(
      h("div", { class: "toolbar" }, h("h2", {}, t("nav.voice")),
        message ? h("span", { class: "notice", role: "status", dataset: { testid: "notice" } }, message) : null),
      this.section("numbers", this.numbersTable()),
      this.section("trunks", this.trunksTable()),
      this.section("prompts", this.promptsTable()));
  }

  /** One part: its title, its "new" button, its panel for the form, its table. */
  section(name, table) {
    const panel = h("div", { class: "panel", dataset: { testid: `voice-${name}-panel` } });
    const add = name === "prompts"
      ? this.newPromptControls(panel)
      : h("button", { type: "button", dataset: { testid: `voice-${name}-new` }, onclick: () => this.open(name, panel, null) }, t("action.new"));
    return h("section", { class: "voice-part", dataset: { testid: `voice-${name}` } },
      h("div", { class: "toolbar" }, h("h3", {}, t(`voice.${name}`)), add),
      h("p", { class: "hint" }, t(`voice.${name}Hint`)), panel, table);
  }

  table(columns, rows, actions) {
    return h("table", { class: "records" },
      h("thead", {}, h("tr", {}, columns.map((key) => h("th", {}, t(key))), h("th", {}))),
      h("tbody", {}, rows.length === 0
        ? h("tr", {}, h("td", { colspan: columns.length + 1, class: "empty" }, t("list.empty")))
        : rows.map(([cells, record, name]) => h("tr", { dataset: { testid: "resource-row", name } },
            cells.map((cell) => h("td", {}, cell)), h("td", { class: "actions" }, actions(record))))));
  }

  numbersTable() {
    const menu = (number) => [
      ...number.options.map((option) => `${option.key} → ${this.queueName(option.queueId)}${option.reason ? ` (${option.reason})` : ""}`),
      `0 → ${this.queueName(number.personQueueId)}`,
    ].join(" · ");
    return this.table(["field.number", "field.language", "voice.menu", "voice.survey", "field.announcementSeconds"],
      this.numbers.map((number) => [[number.number, number.language, menu(number), t(number.survey ? "value.yes" : "value.no"),
        `${number.announcementSeconds} s`], number, number.number]),
      (number) => this.rowActions("numbers", number, () => this.saveNumbers(this.numbers.filter((other) => other !== number))));
  }

  trunksTable() {
    const outbound = (trunk) => trunk.outbound
      ? `${trunk.outbound.host}:${trunk.outbound.port} · ${trunk.outbound.callerId} · ${trunk.outbound.patterns.join(", ")}`
      : t("value.none");
    return this.table(["field.name", "field.addresses", "field.username", "voice.outbound"],
      this.trunks.map((trunk) => [[trunk.name, trunk.addresses.join(", ") || t("value.none"),
        trunk.username ? `${trunk.username}${trunk.hasPassword ? " 🔑" : ""}` : t("value.none"), outbound(trunk)], trunk, trunk.name]),
      (trunk) => this.rowActions("trunks", trunk, () => this.saveTrunks(this.trunks.filter((other) => other !== trunk))));
  }

  promptsTable() {
    return this.table(["field.name", "field.language", "voice.duration", "voice.source", "voice.listen"],
      this.prompts.map((prompt) => [[prompt.name, prompt.language, `${(prompt.durationMilliseconds / 1000).toFixed(1)} s`,
        t(prompt.uploaded ? "voice.uploaded" : "voice.shipped"),
        h("audio", { controls: true, preload: "none", src: this.promptPath(prompt), dataset: { testid: "prompt-audio" } })],
      prompt, `${prompt.language}/${prompt.name}`]),
      (prompt) => [
        h("label", { class: "link-button file-button" }, t("voice.replace"),
          h("input", { type: "file", accept: ".wav,audio/wav,audio/x-wav", hidden: true, dataset: { testid: "prompt-upload" },
            onchange: (event) => this.upload(prompt.language, prompt.name, event.target.files[0]) })),
        prompt.uploaded ? h("button", { type: "button", class: "link-button danger", dataset: { testid: "prompt-reset" },
          onclick: () => this.resetPrompt(prompt) }, t(prompt.shipped ? "voice.restore" : "action.delete")) : null,
      ]);
  }

  promptPath(prompt) {
    return `/api/v1/voice/prompts/${encodeURIComponent(prompt.language)}/${encodeURIComponent(prompt.name)}`;
  }

  /** A new prompt: its name and language, then its file. */
  newPromptControls(panel) {
    const name = input("promptName", "", { placeholder: t("voice.promptNamePlaceholder"), dataset: { testid: "prompt-new-name" } });
    const language = select("promptLanguage", LANGUAGES, "zh-CN");
    const file = h("input", { type: "file", accept: ".wav,audio/wav,audio/x-wav", hidden: true, dataset: { testid: "prompt-new-file" },
      onchange: (event) => this.upload(language.value, name.value.trim(), event.target.files[0], panel) });
    return h("span", { class: "inline-controls" }, name, language,
      h("label", { class: "button secondary file-button" }, t("voice.uploadNew"), file));
  }

  rowActions(kind, record, remove) {
    return [
      h("button", { type: "button", class: "link-button", dataset: { testid: "row-edit" }, onclick: () => this.open(kind, this.panelOf(kind), record) }, t("action.edit")),
      h("button", { type: "button", class: "link-button danger", dataset: { testid: "row-delete" }, onclick: () => {
        if (window.confirm(t("confirm.delete", { name: record.number ?? record.name }))) remove().catch((failure) => this.fail(kind, failure));
      } }, t("action.delete")),
    ];
  }

  panelOf(kind) {
    return this.querySelector(`[data-testid=voice-${kind}-panel]`);
  }

  fail(kind, failure) {
    this.panelOf(kind).replaceChildren(h("p", { class: "form-error", role: "alert", dataset: { testid: "form-error" } }, errorText(failure)));
  }

  open(kind, panel, record) {
    const inputs = kind === "numbers" ? this.numberInputs(record) : this.trunkInputs(record);
    const error = h("p", { class: "form-error", role: "alert", dataset: { testid: "form-error" }, hidden: true });
    const form = h("form", { class: "record-form", dataset: { testid: `voice-${kind}-form` }, novalidate: true },
      inputs, error,
      h("div", { class: "form-actions" },
        h("button", { type: "submit", dataset: { testid: `voice-${kind}-save` } }, t("action.save")),
        h("button", { type: "button", class: "secondary", onclick: () => panel.replaceChildren() }, t("action.cancel"))));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        if (kind === "numbers") {
          const entry = this.readNumber(form);
          await this.saveNumbers(record ? this.numbers.map((other) => other === record ? entry : other) : [...this.numbers, entry]);
        } else {
          const entry = this.readTrunk(form);
          await this.saveTrunks(record ? this.trunks.map((other) => other === record ? entry : other) : [...this.trunks, entry]);
        }
      } catch (failure) {
        error.textContent = errorText(failure);
        error.hidden = false;
      }
    });
    panel.replaceChildren(form);
    form.querySelector("input, select")?.focus();
  }

  numberInputs(number) {
    const queues = this.voiceQueues.map((queue) => [queue.id, queue.name]);
    const option = (index) => {
      const current = number?.options[index];
      return h("fieldset", { class: "field voice-option", dataset: { option: String(index) } },
        h("legend", {}, t("voice.option", { index: index + 1 })),
        labelled("voice.key", select("key", [["", t("value.none")], ...KEYS.map((key) => [key, key])], current?.key ?? "")),
        labelled("voice.queue", select("queueId", queues, current?.queueId)),
        labelled("voice.reason", input("reason", current?.reason)),
        labelled("voice.priority", h("input", { type: "number", name: "priority", min: 0, max: 100, value: current?.priority ?? 50 })));
    };
    return [
      labelled("field.number", input("number", number?.number, { dataset: { testid: "voice-number" } })),
      labelled("field.language", select("language", LANGUAGES, number?.language)),
      labelled("voice.greeting", input("greeting", (number?.greeting ?? ["welcome"]).join(", "))),
      labelled("voice.question", input("question", (number?.question ?? ["menu-demo"]).join(", "))),
      ...[0, 1, 2, 3].map(option),
      labelled("voice.personQueue", select("personQueueId", queues, number?.personQueueId)),
      labelled("field.noInputSeconds", h("input", { type: "number", name: "noInputSeconds", min: 1, max: 30, value: number?.noInputSeconds ?? 5 })),
      labelled("field.attempts", h("input", { type: "number", name: "attempts", min: 1, max: 5, value: number?.attempts ?? 3 })),
      labelled("field.announcementSeconds", h("input", { type: "number", name: "announcementSeconds", min: 15, max: 600, value: number?.announcementSeconds ?? 45 })),
      h("label", { class: "field field-checkbox" }, h("span", {}, t("voice.survey")), h("input", { type: "checkbox", name: "survey", checked: number?.survey ?? true })),
      h("p", { class: "hint field-markdown" }, t("voice.promptsHintForm")),
    ];
  }

  readNumber(form) {
    const value = (name) => form.elements[name].value.trim();
    return {
      number: value("number"), language: value("language"), greeting: list(value("greeting")), question: list(value("question")),
      options: [...form.querySelectorAll("[data-option]")]
        .map((fieldset) => ({
          key: fieldset.querySelector("[name=key]").value, queueId: fieldset.querySelector("[name=queueId]").value,
          reason: fieldset.querySelector("[name=reason]").value.trim() || null,
          priority: Number(fieldset.querySelector("[name=priority]").value),
        }))
        .filter((option) => option.key !== ""),
      personQueueId: value("personQueueId"), noInputSeconds: Number(value("noInputSeconds")), attempts: Number(value("attempts")),
      announcementSeconds: Number(value("announcementSeconds")), survey: form.elements.survey.checked,
    };
  }

  trunkInputs(trunk) {
    const outbound = trunk?.outbound;
    const details = h("div", { class: "record-form field-markdown", hidden: !outbound },
      labelled("field.host", input("host", outbound?.host, { placeholder: "198.51.100.7" })),
      labelled("field.port", h("input", { type: "number", name: "port", min: 1, max: 65535, value: outbound?.port ?? 5060 })),
      labelled("field.callerId", input("callerId", outbound?.callerId)),
      labelled("field.patterns", h("textarea", { name: "patterns", rows: 3, dataset: { testid: "trunk-patterns" } }, (outbound?.patterns ?? []).join("\n")), true),
      h("p", { class: "hint field-markdown" }, t("voice.patternsHint")));
    const toggle = h("input", { type: "checkbox", name: "outbound", checked: Boolean(outbound), dataset: { testid: "trunk-outbound" } });
    toggle.addEventListener("change", () => { details.hidden = !toggle.checked; });
    return [
      labelled("field.name", input("name", trunk?.name)),
      labelled("field.addresses", input("addresses", (trunk?.addresses ?? []).join(", "), { placeholder: "203.0.113.0/24" })),
      labelled("field.username", input("username", trunk?.username)),
      labelled(trunk?.hasPassword ? "field.passwordKeep" : "field.password", h("input", { type: "password", name: "password", autocomplete: "new-password" })),
      h("label", { class: "field field-checkbox field-markdown" }, h("span", {}, t("voice.carriesOut")), toggle),
      details,
    ];
  }

  readTrunk(form) {
    const value = (name) => form.elements[name].value.trim();
    const trunk = { name: value("name"), addresses: list(value("addresses")) };
    if (value("username")) trunk.username = value("username");
    if (form.elements.password.value) trunk.password = form.elements.password.value;
    if (form.elements.outbound.checked) {
      trunk.outbound = { host: value("host"), port: Number(value("port")), callerId: value("callerId"), patterns: list(form.elements.patterns.value) };
    }
    return trunk;
  }

  async saveNumbers(numbers) {
    await api("PUT", "/api/v1/voice/numbers", { numbers });
    await this.load(t("saved"));
  }

  /** Trunks as the PUT takes them: a stored password is kept by leaving it out. */
  async saveTrunks(trunks) {
    const entries = trunks.map((trunk) => Object.fromEntries(Object.entries(trunk).filter(([key]) => key !== "hasPassword")));
    await api("PUT", "/api/v1/voice/trunks", { trunks: entries });
    await this.load(t("saved"));
  }

  async upload(language, name, file, panel = this.panelOf("prompts")) {
    if (!file) return;
    try {
      const response = await fetch(`/api/v1/voice/prompts/${encodeURIComponent(language)}/${encodeURIComponent(name)}`, {
        method: "PUT", credentials: "same-origin", headers: { "X-FirstCall-CSRF": "1", "Content-Type": "audio/wav" }, body: file,
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) throw new APIError(response.status, data);
      await this.load(t("voice.promptUploaded", { name: `${language}/${name}` }));
    } catch (failure) {
      panel.replaceChildren(h("p", { class: "form-error", role: "alert", dataset: { testid: "form-error" } }, errorText(failure)));
    }
  }

  async resetPrompt(prompt) {
    try {
      await api("DELETE", this.promptPath(prompt));
      await this.load(t("saved"));
    } catch (failure) {
      this.fail("prompts", failure);
    }
  }
}
customElements.define("fc-voice-admin", VoiceAdmin);
