// History: past conversations found by words, customer, queue, period and agent, each opened
// to its transcript where the user may read it; and the customers, found by name, tag, phone
// or e-mail, each with the timeline of every channel and the tags agents keep on them.

import { api } from "../shared/api.js";
import { showContactRecord } from "../components/contactrecord.js";
import { errorText, h } from "../shared/dom.js";
import { t } from "../shared/i18n.js";
import { startPage } from "../shared/session.js";

/** A date input's value for `date` in local time (YYYY-MM-DD). */
function dayText(date) {
  return new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}

class HistoryPage extends HTMLElement {
  connectedCallback() {
    const page = { me: null, queues: [], hits: [], customers: [] };

    function showError(failure) {
      const error = document.querySelector("[data-testid=history-error]");
      error.textContent = failure ? errorText(failure) : "";
      error.hidden = !failure;
    }

    function searchForm() {
      const today = new Date();
      const form = document.querySelector("[data-testid=history-search]");
      const field = (name, label, control) => h("label", { class: "field" }, h("span", {}, t(label)), control);
      form.replaceChildren(
        field("q", "history.words", h("input", { type: "search", name: "q", maxlength: 100, dataset: { testid: "history-q" } })),
        field("customer", "history.customer", h("input", { type: "search", name: "customer", maxlength: 100, dataset: { testid: "history-customer" } })),
        field("queue", "live.queue", h("select", { name: "queueId", dataset: { testid: "history-queue" } },
          h("option", { value: "" }, t("history.anyQueue")), page.queues.map((queue) => h("option", { value: queue.id }, queue.name)))),
        field("from", "history.from", h("input", { type: "date", name: "from", value: dayText(new Date(today.getTime() - 7 * 86400000)), dataset: { testid: "history-from" } })),
        field("to", "history.to", h("input", { type: "date", name: "to", value: dayText(today), dataset: { testid: "history-to" } })),
        h("label", { class: "inline" }, h("input", { type: "checkbox", name: "mine", dataset: { testid: "history-mine" } }), t("history.mine")),
        h("button", { type: "submit", dataset: { testid: "history-submit" } }, t("history.search")));
      form.onsubmit = (event) => {
        event.preventDefault();
        search(form);
      };
    }

    async function search(form) {
      const values = form.elements;
      // Whole local days: from the start of the first to the end of the last.
      const from = new Date(`${values.from.value}T00:00:00`);
      const to = new Date(new Date(`${values.to.value}T00:00:00`).getTime() + 86400000);
      const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
      for (const name of ["q", "customer", "queueId"]) if (values[name].value.trim()) query.set(name, values[name].value.trim());
      if (values.mine.checked) query.set("agentId", page.me.id);
      try {
        page.hits = (await api("GET", `/api/v1/history/conversations?${query}`)).items;
        showError(null);
      } catch (failure) {
        page.hits = [];
        showError(failure);
      }
      renderHits();
    }

    function renderHits() {
      const queueNames = new Map(page.queues.map((queue) => [queue.id, queue.name]));
      document.querySelector("[data-testid=history-results]").replaceChildren(
        h("thead", {}, h("tr", {}, ["history.when", "history.customer", "live.queue", "live.agent", "agent.reason", "agent.disposition", "history.excerpt"]
          .map((key) => h("th", {}, t(key))), h("th", {}))),
        h("tbody", {}, page.hits.length === 0
          ? h("tr", {}, h("td", { colspan: 8, class: "empty" }, t("history.none")))
          : page.hits.map((hit) => h("tr", { dataset: { testid: "history-row", id: hit.id } },
            h("td", {}, new Date(hit.startedAt).toLocaleString()),
            h("td", {}, hit.customerName ?? t("chat.unknownCustomer")),
            h("td", {}, queueNames.get(hit.queueId) ?? ""),
            h("td", {}, hit.agentName ?? (hit.abandonStage ? t("chat.abandoned") : t("value.none"))),
            h("td", {}, hit.reason ?? ""),
            h("td", {}, hit.disposition ? t(`disposition.${hit.disposition}`) : ""),
            h("td", { class: "last-message" }, hit.excerpt ?? ""),
            h("td", {}, hit.channel === "chat"
              ? h("button", { type: "button", class: "link-button", dataset: { testid: "history-open" }, onclick: () => openRecord(hit) }, t("history.open"))
              : hit.channel === "voice"
                ? h("button", { type: "button", class: "link-button", dataset: { testid: "history-recordings" }, onclick: () => openRecord(hit) }, t("history.recordings"))
                : null)))));
    }

    /** The transcript box, emptied and titled for `hit`. */
    function openBox(hit) {
      const list = document.querySelector("[data-testid=history-transcript]");
      list.replaceChildren();
      document.querySelector("[data-testid=history-transcript-title]").textContent =
        `${hit.customerName ?? t("chat.unknownCustomer")} · ${new Date(hit.startedAt).toLocaleString()}`;
      document.querySelector("[data-testid=history-transcript-box]").hidden = false;
      return list;
    }

    /** A call's recordings or a chat's transcript, in the box. */
    async function openRecord(hit) {
      const list = openBox(hit);
      try {
        await showContactRecord(list, hit);
        showError(null);
      } catch (failure) {
        document.querySelector("[data-testid=history-transcript-box]").hidden = true;
        showError(failure);
      }
    }

    function customerForm() {
      const form = document.querySelector("[data-testid=customer-search]");
      form.replaceChildren(
        h("input", { type: "search", name: "q", maxlength: 100, placeholder: t("history.customerHint"), "aria-label": t("history.customerHint"), dataset: { testid: "customer-q" } }),
        h("button", { type: "submit", dataset: { testid: "customer-submit" } }, t("history.search")));
      form.onsubmit = async (event) => {
        event.preventDefault();
        const text = form.elements.q.value.trim();
        try {
          page.customers = (await api("GET", `/api/v1/customers${text ? `?q=${encodeURIComponent(text)}` : ""}`)).items;
          showError(null);
        } catch (failure) {
          showError(failure);
        }
        renderCustomers();
      };
    }

    function renderCustomers() {
      document.querySelector("[data-testid=customer-results]").replaceChildren(
        h("thead", {}, h("tr", {}, ["field.name", "history.contactDetails", "history.tags"].map((key) => h("th", {}, t(key))), h("th", {}))),
        h("tbody", {}, page.customers.length === 0
          ? h("tr", {}, h("td", { colspan: 4, class: "empty" }, t("history.none")))
          : page.customers.map((customer) => h("tr", { dataset: { testid: "customer-row", id: customer.id } },
            h("td", {}, customer.name, customer.vip ? h("span", { class: "vip-mark" }, " VIP") : null),
            h("td", {}, [...customer.phoneNumbers, ...customer.emails].join(" · ")),
            h("td", {}, customer.tags.join("、")),
            h("td", {}, h("button", { type: "button", class: "link-button", dataset: { testid: "customer-open" },
              onclick: () => openCustomer(customer.id) }, t("history.open")))))));
    }

    async function openCustomer(id) {
      try {
        showCustomer(await api("GET", `/api/v1/customers/${id}`));
        showError(null);
      } catch (failure) {
        showError(failure);
      }
    }

    /** The customer's card: tags to edit (VIP for supervisors) and the timeline of every channel. */
    function showCustomer(timeline) {
      const customer = timeline.customer;
      const card = document.querySelector("[data-testid=customer-card]");
      const tags = h("input", { type: "text", name: "tags", value: customer.tags.join("、"), dataset: { testid: "customer-tags" }, "aria-label": t("history.tags") });
      const vip = page.me.role === "agent" ? null
        : h("label", { class: "inline" }, h("input", { type: "checkbox", name: "vip", checked: customer.vip, dataset: { testid: "customer-vip" } }), "VIP");
      const save = h("button", { type: "button", dataset: { testid: "customer-save" }, onclick: async () => {
        const body = { tags: tags.value.split(/[,，、]/).map((tag) => tag.trim()).filter(Boolean) };
        if (vip) body.vip = vip.querySelector("input").checked;
        try {
          showCustomer(await api("PATCH", `/api/v1/customers/${customer.id}`, body));
          showError(null);
        } catch (failure) {
          showError(failure);
        }
      } }, t("action.save"));
      card.replaceChildren(
        h("h3", { dataset: { testid: "customer-name" } }, customer.name),
        h("p", {}, [...customer.phoneNumbers, ...customer.emails].join(" · ")),
        h("div", { class: "tool" }, h("label", { class: "field" }, h("span", {}, t("history.tags")), tags), vip, save),
        h("ol", { class: "timeline", dataset: { testid: "customer-timeline" } }, timeline.contacts.map((contact) =>
          h("li", { dataset: { testid: "timeline-contact", channel: contact.channel } },
            `${new Date(contact.startedAt).toLocaleString()} · ${t(`channel.${contact.channel}`)} · ${contact.reason ?? t("chat.noReason")} · `,
            contact.disposition ? t(`disposition.${contact.disposition}`) : contact.abandonStage ? t("chat.abandoned") : t("chat.open"),
            contact.satisfaction ? ` · CSAT ${contact.satisfaction}` : ""))));
      card.hidden = false;
      const row = page.customers.findIndex((item) => item.id === customer.id);
      if (row >= 0) {
        page.customers[row] = customer;
        renderCustomers();
      }
    }

    startPage(() => {
      searchForm();
      customerForm();
      renderHits();
      renderCustomers();
    }).then(async (me) => {
      if (!me) return;
      page.me = me;
      page.queues = (await api("GET", "/api/v1/queues").catch(() => ({ items: [] }))).items;
      searchForm();
    });
  }
}
customElements.define("fc-history", HistoryPage);
