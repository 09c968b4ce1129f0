// The chat part of the agent desktop: the transcript of each chat in hand (live over the chat
// stream), the reply box with templates, internal notes, page and form push, transfer, and the
// screen pop (who the customer is and every earlier contact). Panes are kept per chat, so
// re-rendering the desktop never loses a draft or scrolls a transcript back.

import { api } from "../shared/api.js";
import { openChatStream } from "../shared/chatstream.js";
import { h } from "../shared/dom.js";
import { t } from "../shared/i18n.js";
import { knowledgePanel } from "./kbpanel.js";
import { settings } from "../shared/session.js";

/** Fills `{{name}}` placeholders; a name unknown, or without a value in this chat, stays
 * visible so the agent fills it in (the reply is not sent while one is left). */
export function renderTemplate(body, values) {
  return body.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name) => (values[name] ? values[name] : whole));
}

/** The placeholders a reply still holds, e.g. `{{customer.name}}`. */
export function unfilledPlaceholders(text) {
  return text.match(/\{\{\s*[\w.]+\s*\}\}/g) ?? [];
}

/** The screen pop for a contact: the customer card and their timeline, or what the customer
 * claims to be (unverified), with `onConfirm` to confirm it when the agent may. */
export function screenPop(contactId, timeline, onConfirm) {
  const customer = timeline?.customer;
  const claim = customer ? null : timeline?.claim;
  const card = h("div", { class: "screen-pop", dataset: { testid: "screen-pop" } },
    h("strong", { dataset: { testid: "screen-pop-name", verified: String(Boolean(customer)) } },
      customer ? customer.name || t("chat.unnamed") : claim?.name || t("chat.unknownCustomer")),
    customer?.vip ? h("span", { class: "vip", dataset: { testid: "screen-pop-vip" } }, "VIP") : null,
    customer ? h("span", { class: "contact-details" }, [...customer.phoneNumbers, ...customer.emails].join(" · ")) : null,
    claim ? h("div", { class: "identity-claim", dataset: { testid: "identity-claim" } },
      `${t("chat.claimed")}: ${[claim.name, claim.phone, claim.email].filter(Boolean).join(" · ")} `,
      h("em", {}, t("chat.unverified")),
      onConfirm && (claim.phone || claim.email)
        ? h("button", { type: "button", class: "link-button", dataset: { testid: "identity-confirm" }, onclick: onConfirm }, t("chat.confirmIdentity"))
        : null) : null);
  const earlier = (timeline?.contacts ?? []).filter((contact) => !contact.current);
  card.append(earlier.length === 0
    ? h("p", { class: "timeline", dataset: { testid: "customer-timeline" } }, t("chat.noEarlierContacts"))
    : h("ol", { class: "timeline", dataset: { testid: "customer-timeline" } }, earlier.map((contact) =>
      h("li", { dataset: { testid: "timeline-contact", channel: contact.channel } },
        `${new Date(contact.startedAt).toLocaleString()} · ${t(`channel.${contact.channel}`)} · `,
        `${contact.reason ?? t("chat.noReason")} · `,
        contact.disposition ? t(`disposition.${contact.disposition}`) : contact.abandonStage ? t("chat.abandoned") : t("chat.open"),
        contact.satisfaction ? ` · CSAT ${contact.satisfaction}` : ""))));
  return card;
}

/** One transcript line: who wrote it, when, and what (always as text); `forms` are the forms
 * pushed earlier in the chat, by id, so answers show under their labels. */
export function messageItem(message, customerName, forms = new Map()) {
  const author = message.author === "customer" ? (customerName || t("chat.customer"))
    : message.author === "agent" ? message.authorName ?? t("chat.agent") : t(`chat.author.${message.author}`);
  const body = {
    text: () => message.text,
    image: () => {
      // Served only to staff who may read the chat; a click opens it full size.
      const url = `/api/v1/chats/${encodeURIComponent(message.conversation)}/images/${encodeURIComponent(message.image.id)}`;
      return h("a", { href: url, target: "_blank", rel: "noopener", class: "chat-image" },
        h("img", { src: url, alt: t("chat.image"), width: message.image.widthPixels, height: message.image.heightPixels,
          loading: "lazy", dataset: { testid: "chat-image" } }));
    },
    note: () => `${t("chat.noteLabel")}: ${message.text}`,
    page: () => `${t("chat.pushedPage")}: ${message.title} <${message.url}>`,
    form: () => `${t("chat.pushedForm")}: ${message.form.title} (${message.form.fields.map((field) => field.label).join(", ")})`,
    formReply: () => {
      const fields = forms.get(message.formId)?.fields ?? [];
      return h("dl", { class: "form-answers" }, Object.entries(message.values ?? {}).flatMap(([name, value]) =>
        [h("dt", {}, fields.find((field) => field.name === name)?.label ?? name), h("dd", {}, value)]));
    },
    agentJoined: () => t("chat.agentJoined", { name: message.authorName ?? "" }),
    customerLeft: () => t("chat.customerLeft", { minutes: Math.round(settings.customerGoneSeconds / 60) }),
  }[message.kind]?.() ?? "";
  return h("li", { class: `chat-message ${message.author} ${message.kind}`, dataset: { testid: "conversation-message", author: message.author, kind: message.kind, sequence: String(message.sequence) } },
    h("span", { class: "author" }, `${author} · ${new Date(message.at).toLocaleTimeString()}`), h("div", { class: "text" }, body));
}

/** Puts a transcript line in sequence order and scrolls to the newest. */
export function insertMessage(transcript, item) {
  const sequence = Number(item.dataset.sequence);
  const later = [...transcript.children].find((child) => Number(child.dataset.sequence) > sequence);
  transcript.insertBefore(item, later ?? null);
  transcript.scrollTop = transcript.scrollHeight;
}

/**
 * The chat panes of one agent's desk: each chat in hand keeps its pane (transcript, drafts,
 * screen pop) across re-renders. The desk holds its own state (the panes, the reply templates,
 * the queues a chat may be transferred to) and follows the chat stream from the start.
 */
export async function chatDesk(user, queueList, onUnreadChange = () => {}) {
  const panes = new Map(); // contactId → { element, transcript, typing, shown:Set, conversation, timeline, knowledge }
  const me = user;
  /** Where the reply drafts of this agent are kept, so a reload loses none. */
  const draftPrefix = `firstcall.draft.${user.id}.`;
  const queues = queueList;
  /** The reply templates, loaded once for every pane. */
  const templates = (await api("GET", "/api/v1/reply-templates").catch(() => ({ items: [] }))).items;

  /** The values a template's `{{variables}}` take in one conversation: the confirmed customer's,
   * else what the customer said of themselves (their own words, nothing of a stored record). */
  function variables(pane) {
    const customer = pane.timeline?.customer;
    const claim = pane.timeline?.claim;
    return {
      "customer.name": customer?.name ?? claim?.name ?? "",
      "customer.phone": customer?.phoneNumbers?.[0] ?? claim?.phone ?? "",
      "customer.email": customer?.emails?.[0] ?? claim?.email ?? "",
      "agent.name": me?.displayName ?? "",
      "queue.name": queues.find((queue) => queue.id === pane.conversation?.queueId)?.name ?? "",
    };
  }

  /** The chat element of a conversation pane, created once per chat and reused; `timeline`
   * is the screen pop the desktop already read for the offer, if it did. */
  function chatPane(contactId, inWrapUp, onError, timeline) {
    let pane = panes.get(contactId);
    if (!pane) {
      pane = buildPane(contactId, onError);
      pane.timeline = timeline ?? null;
      panes.set(contactId, pane);
      load(pane);
    }
    pane.element.dataset.stage = inWrapUp ? "wrap" : "talk";
    for (const control of pane.element.querySelectorAll("[data-live-only]")) control.disabled = inWrapUp;
    // Opened at the newest message once it is on the page.
    requestAnimationFrame(() => { pane.transcript.scrollTop = pane.transcript.scrollHeight; });
    return pane.element;
  }

  /** Forgets the panes of chats no longer in hand, and their drafts once the chat is done. */
  function keepChats(contactIds) {
    for (const id of panes.keys()) if (!contactIds.includes(id)) panes.delete(id);
    for (const key of Object.keys(localStorage)) {
      const id = key.startsWith(draftPrefix) ? key.slice(draftPrefix.length) : null;
      if (id && !contactIds.includes(id)) localStorage.removeItem(key);
    }
  }

  /** Unread customer messages over every chat in hand (the tab title and notifications use it). */
  function unreadCount() {
    return [...panes.values()].reduce((sum, pane) => sum + pane.unread, 0);
  }

  /** Puts the cursor in the reply box of the chat after the one being worked in (Alt+N). */
  function focusNextChat() {
    const replies = [...document.querySelectorAll("[data-testid=reply-input]")];
    const current = replies.indexOf(document.activeElement);
    replies[(current + 1) % replies.length]?.focus();
  }

  function buildPane(contactId, onError) {
    const transcript = h("ol", { class: "transcript", dataset: { testid: "chat-transcript" } });
    const typing = h("div", { class: "typing", dataset: { testid: "customer-typing" }, hidden: true }, t("chat.customerTyping"));
    const reply = h("textarea", { rows: 3, maxlength: 2000, dataset: { testid: "reply-input" }, "aria-label": t("chat.reply"), "data-live-only": "" },
      localStorage.getItem(draftPrefix + contactId) ?? "");
    const count = h("span", { class: "reply-count", dataset: { testid: "reply-count" } });
    const unreadMark = h("span", { class: "unread", dataset: { testid: "chat-unread", count: "0" }, hidden: true });
    const templateSelect = h("select", { dataset: { testid: "reply-template" }, "aria-label": t("chat.template"), "data-live-only": "" },
      h("option", { value: "" }, t("chat.template")), templates.map((template) => h("option", { value: template.id }, template.name)));
    const pane = { element: null, transcript, typing, shown: new Set(), forms: new Map(), conversation: null, timeline: null, contactId, onError, unread: 0, unreadMark };
    /** The characters left before the server's limit, shown before sending, and the draft kept. */
    const keepDraft = () => {
      count.textContent = `${reply.value.length}/${reply.maxLength}`;
      count.classList.toggle("near-limit", reply.value.length > reply.maxLength * 0.9);
      if (reply.value) localStorage.setItem(draftPrefix + contactId, reply.value);
      else localStorage.removeItem(draftPrefix + contactId);
    };
    keepDraft();
    reply.addEventListener("input", keepDraft);
    // An article's answer goes where the agent's cursor is (replacing a selection), as far as the reply's limit allows.
    pane.knowledge = knowledgePanel((text) => {
      const room = reply.maxLength - reply.value.length + (reply.selectionEnd - reply.selectionStart);
      reply.setRangeText(text.slice(0, Math.max(0, room)), reply.selectionStart, reply.selectionEnd, "end");
      reply.focus();
      reply.dispatchEvent(new Event("input"));
    });
    templateSelect.addEventListener("change", () => {
      const template = templates.find((item) => item.id === templateSelect.value);
      if (template) reply.value = renderTemplate(template.body, variables(pane));
      templateSelect.value = "";
      reply.focus();
    });
    const post = async (body) => {
      try {
        const message = await api("POST", `/api/v1/chats/${contactId}/messages`, body);
        show(pane, message);
        onError(null);
        return true;
      } catch (failure) {
        onError(failure);
        return false;
      }
    };
    const unfilled = h("p", { class: "unfilled", role: "alert", dataset: { testid: "reply-unfilled" }, hidden: true });
    const send = async () => {
      const text = reply.value.trim();
      if (!text) return;
      const placeholders = unfilledPlaceholders(text);
      unfilled.hidden = placeholders.length === 0;
      unfilled.textContent = t("chat.unfilled", { names: placeholders.join(" ") });
      if (placeholders.length) return;
      if (await post({ text, clientId: crypto.randomUUID() })) {
        reply.value = "";
        keepDraft();
      }
    };
    let typingSentAt = 0;
    reply.addEventListener("input", () => {
      if (Date.now() - typingSentAt < 1500) return;
      typingSentAt = Date.now();
      api("POST", `/api/v1/chats/${contactId}/typing`).catch(() => {});
    });
    reply.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        send();
      } else if (event.key === "/" && reply.value === "") {
        // "/" in an empty reply: pick a template from the keyboard.
        event.preventDefault();
        templateSelect.focus();
        templateSelect.showPicker?.();
      }
    });

    const note = h("input", { type: "text", maxlength: 2000, dataset: { testid: "note-input" }, "aria-label": t("chat.note"), placeholder: t("chat.note") });
    const pageURL = h("input", { type: "url", dataset: { testid: "push-page-url" }, placeholder: "https://…", "aria-label": t("chat.pushPage"), "data-live-only": "" });
    const pageTitle = h("input", { type: "text", maxlength: 100, dataset: { testid: "push-page-title" }, placeholder: t("chat.pageTitle"), "aria-label": t("chat.pageTitle"), "data-live-only": "" });
    const formTitle = h("input", { type: "text", maxlength: 100, dataset: { testid: "push-form-title" }, placeholder: t("chat.formTitle"), "aria-label": t("chat.formTitle"), "data-live-only": "" });
    const formFields = h("input", { type: "text", maxlength: 500, dataset: { testid: "push-form-fields" }, placeholder: t("chat.formFields"), "aria-label": t("chat.formFields"), "data-live-only": "" });
    const transferTarget = h("select", { dataset: { testid: "transfer-target" }, "aria-label": t("chat.transfer"), "data-live-only": "" });
    transferTarget.addEventListener("focus", () => fillTransferTargets(transferTarget));
    fillTransferTargets(transferTarget);
    pane.element = h("div", { class: "chat", dataset: { testid: "chat-pane" } },
      h("div", { class: "chat-main" },
        transcript, typing,
        unfilled,
        h("div", { class: "reply" }, templateSelect, reply,
          h("button", { type: "button", dataset: { testid: "reply-send" }, onclick: send, "data-live-only": "" }, t("chat.send")), count),
        pane.knowledge.element),
      h("details", { class: "chat-tools" }, h("summary", {}, t("chat.tools")),
        h("div", { class: "tool" }, note,
          h("button", { type: "button", class: "secondary", dataset: { testid: "note-add" }, onclick: async () => {
            if (note.value.trim() && await post({ kind: "note", text: note.value.trim() })) note.value = "";
          } }, t("chat.addNote"))),
        h("div", { class: "tool" }, pageURL, pageTitle,
          h("button", { type: "button", class: "secondary", dataset: { testid: "push-page" }, "data-live-only": "", onclick: async () => {
            const body = { kind: "page", url: pageURL.value.trim() };
            if (pageTitle.value.trim()) body.title = pageTitle.value.trim();
            if (await post(body)) { pageURL.value = ""; pageTitle.value = ""; }
          } }, t("chat.pushPage"))),
        h("div", { class: "tool" }, formTitle, formFields,
          h("button", { type: "button", class: "secondary", dataset: { testid: "push-form" }, "data-live-only": "", onclick: async () => {
            // "订单号, 手机*" → two fields; a trailing * makes one required.
            const fields = formFields.value.split(/[,，]/).map((label) => label.trim()).filter(Boolean).map((label, index) => ({
              name: `field${index + 1}`, label: label.replace(/\*$/, ""), required: label.endsWith("*"),
            }));
            if (await post({ kind: "form", title: formTitle.value.trim(), fields })) { formTitle.value = ""; formFields.value = ""; }
          } }, t("chat.pushForm"))),
        h("div", { class: "tool" }, transferTarget,
          h("button", { type: "button", class: "secondary", dataset: { testid: "transfer-submit" }, "data-live-only": "", onclick: async () => {
            const [kind, id] = transferTarget.value.split(":");
            if (!id) return;
            try {
              await api("POST", `/api/v1/contacts/${contactId}/transfer`, kind === "queue" ? { queueId: id } : { agentId: id });
              onError(null);
            } catch (failure) {
              onError(failure);
            }
          } }, t("chat.transfer")))));
    for (const type of ["focusin", "pointerdown"]) pane.element.addEventListener(type, () => markRead(pane));
    pane.element.prepend(unreadMark);
    return pane;
  }

  function markRead(pane) {
    pane.unread = 0;
    pane.unreadMark.hidden = true;
    pane.unreadMark.dataset.count = "0";
    onUnreadChange();
  }

  async function fillTransferTargets(select) {
    const agents = (await api("GET", "/api/v1/agents").catch(() => ({ items: [] }))).items
      .filter((agent) => agent.agentId !== me?.id && agent.state !== "offline");
    const chosen = select.value;
    select.replaceChildren(h("option", { value: "" }, t("chat.transferTo")),
      h("optgroup", { label: t("chat.queues") }, queues.map((queue) => h("option", { value: `queue:${queue.id}` }, queue.name))),
      h("optgroup", { label: t("chat.agents") }, agents.map((agent) =>
        h("option", { value: `agent:${agent.agentId}` }, `${agent.displayName ?? agent.agentId} · ${t(`agentState.${agent.state}`)}`))));
    select.value = chosen;
  }

  async function load(pane) {
    if (pane.timeline) showScreenPop(pane);
    try {
      pane.conversation = await api("GET", `/api/v1/chats/${pane.contactId}`);
      for (const message of pane.conversation.messages) show(pane, message);
    } catch {
      // Not a chat the agent may read (yet): the transcript fills from the stream.
    }
    if (pane.timeline) return;
    await refreshScreenPop(pane);
  }

  async function refreshScreenPop(pane) {
    pane.timeline = await api("GET", `/api/v1/contacts/${pane.contactId}/customer`).catch(() => null);
    showScreenPop(pane);
  }

  /** Shows the pane's screen pop; a claim the agent has checked is confirmed from it. */
  function showScreenPop(pane) {
    const pop = screenPop(pane.contactId, pane.timeline, async () => {
      try {
        await api("POST", `/api/v1/chats/${pane.contactId}/identity`);
        await refreshScreenPop(pane);
      } catch (failure) {
        pane.onError(failure);
      }
    });
    pane.element.querySelector("[data-testid=screen-pop]")?.remove();
    pane.element.prepend(pop);
  }

  /** Adds one message to its pane's transcript, once, in log order; a customer's message that
   * arrives live while the agent is not in that chat is unread until she is. */
  function show(pane, message, live = false) {
    if (pane.shown.has(message.sequence)) return;
    pane.shown.add(message.sequence);
    if (live && message.author === "customer" && !(document.hasFocus() && pane.element.contains(document.activeElement))) {
      pane.unread += 1;
      pane.unreadMark.hidden = false;
      pane.unreadMark.dataset.count = String(pane.unread);
      pane.unreadMark.textContent = t("chat.unread", { count: pane.unread });
      onUnreadChange(message);
    }
    if (message.author === "customer") pane.typing.hidden = true;
    if (message.author === "customer" && message.kind === "text") pane.knowledge.customerSaid(message.text);
    if (message.kind === "form") pane.forms.set(message.form.id, message.form);
    insertMessage(pane.transcript, messageItem(message, pane.timeline?.customer?.name ?? pane.timeline?.claim?.name, pane.forms));
  }

  /** Receives the chat frames of the chats in hand. */
  function followChats() {
    openChatStream((frame) => {
      const pane = panes.get(frame.conversation);
      if (!pane) return;
      if (frame.type === "message") show(pane, frame, true);
      // A state frame follows the customer leaving details, or being identified: read who they are again.
      if (frame.type === "state") refreshScreenPop(pane);
      if (frame.type === "typing" && frame.author === "customer") {
        pane.typing.hidden = false;
        clearTimeout(pane.typingTimer);
        pane.typingTimer = setTimeout(() => { pane.typing.hidden = true; }, 3000);
      }
    });
  }

  followChats();
  return { chatPane, keepChats, unreadCount, focusNextChat };
}
