// The agent desktop: readiness with a reason, offers with a countdown and the customer's
// screen pop (accept / decline), one pane per contact in hand with its history (chats with
// their transcript, reply box and tools, see chatpane.js), and the wrap-up form (reason and
// disposition) with the after-contact-work countdown. It follows the agent's own routing
// events over the WebSocket stream and re-reads its state when one arrives. Offers and unread
// customer messages show in the tab title and as desktop notifications while the desk is in the
// background; Alt+A accepts the first offer, Alt+D declines it, Alt+N goes to the next chat.

import { api } from "../shared/api.js";
import { chatDesk, screenPop } from "../components/chatpane.js";
import { errorText, h } from "../shared/dom.js";
import { labelOf, t } from "../shared/i18n.js";
import { settings, startPage } from "../shared/session.js";
import { showMyShifts } from "../components/shifts.js";
import { contactOf, followRouting } from "../shared/stream.js";

/** How often a desk whose phone is not registered asks again. */
const phoneCheckMilliseconds = 10000;

/**
 * <fc-agent-desk>: the agent's desk. It holds its own state (the agent, the contacts in hand with their histories and screen pops, the drafts, the offers already rung) and starts, when it is put on the page, by loading the agent and following the routing stream.
 */
class AgentDesk extends HTMLElement {
  connectedCallback() {
    const baseTitle = document.title;
    const desk = { me: null, agent: null, chats: null, contacts: new Map(), histories: new Map(), timelines: new Map(), queues: new Map(), drafts: new Map(), seenOffers: new Set(),
      voiceQueues: [], colleagues: new Map() };

    function showError(failure) {
      const error = document.querySelector("[data-testid=desk-error]");
      error.textContent = failure ? errorText(failure) : "";
      error.hidden = !failure;
    }

    /** Seconds left until an instant (milliseconds since 1970), never below zero. */
    function secondsUntil(milliseconds) {
      return Math.max(0, Math.ceil((milliseconds - Date.now()) / 1000));
    }

    /** The newest event of `kind` in a contact's history. */
    function lastEvent(contactId, kind) {
      const history = desk.histories.get(contactId) ?? [];
      for (let index = history.length - 1; index >= 0; index--) {
        if (kind in history[index].event) return history[index].event[kind];
      }
      return null;
    }

    function describe(contact) {
      const queue = desk.queues.get(contact.queueId) ?? "";
      return [t(`channel.${contact.channel}`), queue, contact.vip ? "VIP" : null].filter(Boolean).join(" · ");
    }

    function stateControl() {
      // The readiness the server holds: after a missed offer she is not ready, though still
      // shown busy with the contacts in hand.
      const ready = desk.agent?.ready ?? false;
      const select = h("select", { dataset: { testid: "agent-state" }, "aria-label": t("agent.state") },
        h("option", { value: "ready" }, t("agent.ready")), h("option", { value: "not-ready" }, t("agent.notReady")));
      select.value = ready ? "ready" : "not-ready";
      const reason = h("select", { dataset: { testid: "agent-reason" }, "aria-label": t("agent.reason"), hidden: ready },
        settings.notReadyReasons.map((name) => h("option", { value: name }, labelOf("reason", name))));
      if (settings.notReadyReasons.includes(desk.agent?.notReadyReason)) reason.value = desk.agent.notReadyReason;
      const send = () => change(select.value === "ready" ? { state: "available" } : { state: "notReady", reason: reason.value });
      select.addEventListener("change", send);
      reason.addEventListener("change", send);
      const shown = desk.agent ? t(`agentState.${desk.agent.state}`) : t("agentState.offline");
      const missed = desk.agent?.ready === false && desk.agent.notReadyReason === "missedOffer"
        ? h("span", { class: "missed-offer", role: "alert", dataset: { testid: "missed-offer" } }, t("agent.missedOffer"),
          h("button", { type: "button", dataset: { testid: "missed-offer-ready" }, onclick: () => change({ state: "available" }) },
            t("agent.backToReady")))
        : null;
      // Calls ring only a registered phone: the agent sees whether hers is.
      const phone = desk.agent?.phoneRegistered === undefined || desk.agent?.phoneRegistered === null ? null
        : h("span", { class: `phone-status${desk.agent.phoneRegistered ? "" : " phone-missing"}`, role: "status",
          dataset: { testid: "phone-status", registered: String(desk.agent.phoneRegistered) } },
          t(desk.agent.phoneRegistered ? "agent.phoneRegistered" : "agent.phoneMissing"));
      return [h("span", { class: "agent-shown-state", dataset: { testid: "agent-shown-state" } }, shown), select, reason, phone, missed]
        .filter(Boolean);
    }

    function offerCard(contactId) {
      const contact = desk.contacts.get(contactId);
      return h("div", { class: "offer", dataset: { testid: "offer", contactId } },
        h("strong", {}, t("agent.offer")), h("span", {}, contact ? describe(contact) : ""),
        h("span", { class: "countdown", dataset: { testid: "offer-countdown" } }),
        screenPop(contactId, desk.timelines.get(contactId)),
        // A call rings on the agent's phone too, and is answered there (accepting on the desk
        // takes it in the ACD, for calls the phone system reports without FirstCall's SIP).
        contact?.channel === "voice"
          ? h("span", { class: "answer-on-phone", dataset: { testid: "offer-answer-on-phone" } }, t("agent.answerOnPhone"))
          : null,
        h("button", { type: "button", dataset: { testid: "offer-accept" }, onclick: () => act(contactId, "accept") }, t("agent.accept")),
        h("button", { type: "button", class: "secondary", dataset: { testid: "offer-decline" }, onclick: () => act(contactId, "decline") }, t("agent.decline")));
    }

    function historyList(contactId) {
      const history = desk.histories.get(contactId) ?? [];
      return h("ol", { class: "history", dataset: { testid: "contact-history" } },
        history.filter(({ event }) => !("chatMessage" in event)).map(({ event }) => {
          const [kind, body] = Object.entries(event)[0];
          const time = new Date(body.at).toLocaleTimeString();
          return h("li", {}, `${time} ${t(`event.${kind}`)}`);
        }));
    }

    function conversationPane(contactId, inWrapUp) {
      const contact = desk.contacts.get(contactId);
      const pane = h("section", { class: "conversation", dataset: { testid: "conversation", contactId } },
        h("header", {}, h("strong", {}, contact ? describe(contact) : contactId)));
      if (contact?.channel === "chat") pane.append(desk.chats.chatPane(contactId, inWrapUp, showError, desk.timelines.get(contactId)));
      else pane.append(screenPop(contactId, desk.timelines.get(contactId)));
      pane.append(h("details", { class: "history-box" }, h("summary", {}, t("agent.history")), historyList(contactId)));
      if (!inWrapUp && contact?.channel === "voice") pane.append(callTools(contactId));
      if (!inWrapUp) {
        pane.append(h("button", { type: "button", class: "secondary", dataset: { testid: "conversation-end" }, onclick: () => act(contactId, "end") },
          t(contact?.channel === "voice" ? "agent.hangUp" : "agent.end")));
      }
      pane.append(wrapUpForm(contactId, inWrapUp));
      return pane;
    }

    /** The call's hold and consultation since it was last answered, read from its events as
     * the server reads them. */
    function callState(contactId) {
      let held = false;
      let consulted = null;
      for (const { event } of desk.histories.get(contactId) ?? []) {
        if ("offerAccepted" in event || "contactTransferred" in event) {
          held = false;
          consulted = null;
        }
        if ("contactHoldChanged" in event) held = event.contactHoldChanged.held;
        if ("consultStarted" in event) consulted = event.consultStarted.consultedAgentID;
        if ("consultEnded" in event) consulted = null;
      }
      return { held, consulted };
    }

    /** A call's tools: hold, and a transfer — blind to a queue or an agent, or after consulting
     * a colleague (the caller on hold meanwhile), completed or cancelled. Rebuilt when the
     * call's state changes (render), kept otherwise so a choice being made is not lost. */
    function callTools(contactId) {
      const tools = h("div", { class: "call-tools", dataset: { testid: "call-tools", contactId } });
      updateCallTools(tools);
      return tools;
    }

    function updateCallTools(tools) {
      const contactId = tools.dataset.contactId;
      const { held, consulted } = callState(contactId);
      const key = `${held}:${consulted}`;
      if (tools.dataset.state === key) return;
      tools.dataset.state = key;
      if (consulted) {
        const name = desk.colleagues.get(consulted) ?? "";
        tools.replaceChildren(
          h("span", { class: "consulting", role: "status", dataset: { testid: "call-consulting" } }, t("agent.consulting", { name })),
          h("button", { type: "button", dataset: { testid: "consult-complete" }, onclick: () => act(contactId, "consult/complete") }, t("agent.completeTransfer")),
          h("button", { type: "button", class: "secondary", dataset: { testid: "consult-cancel" }, onclick: () => act(contactId, "consult/cancel") }, t("agent.cancelConsult")));
        return;
      }
      const hold = h("button", { type: "button", class: "secondary", dataset: { testid: "conversation-hold" }, "aria-pressed": String(held),
        onclick: () => act(contactId, "hold", { held: !held }) }, t(held ? "agent.resume" : "agent.hold"));
      const target = h("select", { dataset: { testid: "call-transfer-target" }, "aria-label": t("agent.transferTo") });
      target.addEventListener("focus", () => fillCallTargets(target));
      fillCallTargets(target);
      const transfer = async (consult) => {
        const [kind, id] = target.value.split(":");
        if (!id) return;
        if (consult) await act(contactId, "consult", { agentId: id });
        else await act(contactId, "transfer", kind === "queue" ? { queueId: id } : { agentId: id });
      };
      // A number outside the center, dialled only if one of the center's trunks may.
      const number = h("input", { type: "tel", maxlength: 40, placeholder: t("agent.outsideNumber"), "aria-label": t("agent.outsideNumber"),
        dataset: { testid: "call-outside-number" } });
      tools.replaceChildren(hold, target,
        h("button", { type: "button", class: "secondary", dataset: { testid: "call-transfer" }, onclick: () => transfer(false) }, t("agent.blindTransfer")),
        h("button", { type: "button", class: "secondary", dataset: { testid: "call-consult" }, onclick: () => transfer(true) }, t("agent.consult")),
        number,
        h("button", { type: "button", class: "secondary", dataset: { testid: "call-transfer-out" }, onclick: () => {
          if (number.value.trim()) act(contactId, "transfer-out", { number: number.value.trim() });
        } }, t("agent.transferOut")));
    }

    /** Where a call may go: the voice queues, and the colleagues logged in (consulted by name). */
    async function fillCallTargets(select) {
      const agents = (await api("GET", "/api/v1/agents").catch(() => ({ items: [] }))).items
        .filter((agent) => agent.agentId !== desk.me?.id && agent.state !== "offline");
      for (const agent of agents) desk.colleagues.set(agent.agentId, agent.displayName ?? agent.agentId);
      const chosen = select.value;
      select.replaceChildren(h("option", { value: "" }, t("agent.transferTo")),
        h("optgroup", { label: t("chat.queues") }, desk.voiceQueues.map((queue) => h("option", { value: `queue:${queue.id}` }, queue.name))),
        h("optgroup", { label: t("chat.agents") }, agents.map((agent) =>
          h("option", { value: `agent:${agent.agentId}` }, `${agent.displayName ?? agent.agentId} · ${t(`agentState.${agent.state}`)}`))));
      select.value = chosen;
    }

    /** Reason and disposition: in wrap-up it completes the contact; while the contact is still
     * live it ends and completes it in one step ("close with a reason"). */
    function wrapUpForm(contactId, inWrapUp) {
      const draft = desk.drafts.get(contactId) ?? { reason: "", disposition: "resolved" };
      // The center's reasons when the admin keeps a list, else the agent's own words.
      const reason = settings.wrapUpReasons.length
        ? h("select", { name: "reason", dataset: { testid: "wrap-up-reason" } },
          h("option", { value: "" }, t("agent.pickReason")), settings.wrapUpReasons.map((name) => h("option", { value: name }, name)))
        : h("input", { type: "text", name: "reason", dataset: { testid: "wrap-up-reason" }, value: draft.reason, maxlength: 100 });
      reason.value = draft.reason;
      const disposition = h("select", { name: "disposition", dataset: { testid: "wrap-up-disposition" } },
        settings.dispositions.map((name) => h("option", { value: name }, t(`disposition.${name}`))));
      disposition.value = draft.disposition;
      const keepDraft = () => desk.drafts.set(contactId, { reason: reason.value, disposition: disposition.value });
      reason.addEventListener("input", keepDraft);
      reason.addEventListener("change", keepDraft);
      disposition.addEventListener("change", keepDraft);
      const form = h("form", { class: "wrap-up", dataset: { testid: "wrap-up" } },
        h("label", { class: "field" }, h("span", {}, t("agent.reason")), reason),
        h("label", { class: "field" }, h("span", {}, t("agent.disposition")), disposition),
        inWrapUp ? h("span", { class: "countdown", dataset: { testid: "wrap-up-countdown" } }) : null,
        h("button", { type: "submit", dataset: { testid: "wrap-up-submit" } }, t(inWrapUp ? "agent.complete" : "agent.endAndComplete")));
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const body = { disposition: disposition.value };
        if (reason.value.trim() !== "") body.reason = reason.value.trim();
        if (!inWrapUp && !(await act(contactId, "end"))) return;
        if (await act(contactId, "complete", body)) desk.drafts.delete(contactId);
      });
      return form;
    }

    /** Replaces `container`'s children when the list of keys changed; keeps them otherwise,
     * so a form being filled in or a button being clicked is not swapped out underneath. */
    function replaceIfChanged(container, keys, build) {
      const shown = [...container.children].map((child) => child.dataset.key).join();
      if (shown === keys.join()) return;
      container.replaceChildren(...keys.map((key) => {
        const element = build(key);
        element.dataset.key = key;
        return element;
      }));
    }

    function render() {
      document.getElementById("page-controls").replaceChildren(...stateControl());
      const agent = desk.agent ?? { offered: [], connected: [], wrappingUp: [] };
      replaceIfChanged(document.querySelector("[data-testid=offers]"), agent.offered, offerCard);
      const panes = [...agent.connected.map((id) => `${id}:talk`), ...agent.wrappingUp.map((id) => `${id}:wrap`)];
      replaceIfChanged(document.querySelector("[data-testid=conversations]"), panes, (key) => {
        const [id, stage] = key.split(":");
        return conversationPane(id, stage === "wrap");
      });
      for (const tools of document.querySelectorAll("[data-testid=call-tools]")) updateCallTools(tools);
      tick();
    }

    /** Counts the offer and wrap-up countdowns down. */
    function tick() {
      for (const countdown of document.querySelectorAll("[data-testid=offer-countdown]")) {
        const offered = lastEvent(countdown.closest("[data-testid=offer]").dataset.contactId, "contactOffered");
        if (offered) countdown.textContent = `${secondsUntil(Date.parse(offered.at) + offered.timeoutSeconds * 1000)} s`;
      }
      for (const countdown of document.querySelectorAll("[data-testid=wrap-up-countdown]")) {
        const ended = lastEvent(countdown.closest("[data-testid=conversation]").dataset.contactId, "contactEnded");
        // The server says when the wrap-up ends by itself (its maximum may be anything).
        if (ended?.wrapUpUntil) countdown.textContent = `${secondsUntil(Date.parse(ended.wrapUpUntil))} s`;
      }
    }

    /** Where each contact in hand stands on the desk (offered, connected, wrapping up). */
    function stages(agent) {
      return new Map([
        ...agent.offered.map((id) => [id, "offered"]),
        ...agent.connected.map((id) => [id, "connected"]),
        ...agent.wrappingUp.map((id) => [id, "wrappingUp"]),
      ]);
    }

    /**
     * Re-reads the agent's state, then only what changed: a contact new on the desk is read whole,
     * and the history of one that moved or that is `changed` (contact ids) is read again, all at
     * once; `changed` null (the page or the stream just started) reads every history again.
     */
    async function refresh(changed = null) {
      try {
        const before = desk.agent ? stages(desk.agent) : new Map();
        desk.agent = await api("GET", `/api/v1/agents/${desk.me.id}/state`);
        const now = stages(desk.agent);
        const stale = [...now.keys()].filter((id) =>
          !changed || changed.has(id) || before.get(id) !== now.get(id) || !desk.histories.has(id));
        await Promise.all(stale.map(async (id) => {
          const [contact, history, timeline] = await Promise.all([
            desk.contacts.get(id) ?? api("GET", `/api/v1/contacts/${id}`),
            api("GET", `/api/v1/contacts/${id}/events`),
            desk.timelines.has(id) ? desk.timelines.get(id) : api("GET", `/api/v1/contacts/${id}/customer`).catch(() => null),
          ]);
          desk.contacts.set(id, contact);
          desk.histories.set(id, history.items);
          desk.timelines.set(id, timeline);
        }));
        const ids = [...now.keys()];
        desk.chats.keepChats(ids);
        const newOffers = desk.agent.offered.filter((id) => !desk.seenOffers.has(id));
        desk.seenOffers = new Set(desk.agent.offered);
        if (newOffers.length) {
          ring();
          const contact = desk.contacts.get(newOffers[0]);
          notify(t("agent.notifyOffer"), contact ? describe(contact) : "", `offer-${newOffers[0]}`);
        }
        showBadge();
        showError(null);
      } catch (failure) {
        showError(failure);
      }
      render();
    }

    /** A short two-tone ring for a new offer (silent if the browser does not allow sound yet). */
    function ring() {
      try {
        const audio = new AudioContext();
        for (const [offset, frequency] of [[0, 880], [0.25, 660]]) {
          const tone = audio.createOscillator();
          tone.frequency.value = frequency;
          tone.connect(audio.destination);
          tone.start(audio.currentTime + offset);
          tone.stop(audio.currentTime + offset + 0.2);
        }
      } catch {
        // No audio: the offer still shows.
      }
    }

    /** The count of offers and unread messages before the page's title, as chat tools do. */
    function showBadge() {
      const count = (desk.agent?.offered.length ?? 0) + (desk.chats?.unreadCount() ?? 0);
      document.title = count > 0 ? `(${count}) ${baseTitle}` : baseTitle;
    }

    /** A desktop notification while the desk is not in front (when the agent allowed them). */
    function notify(title, body, tag) {
      if (!document.hidden || !("Notification" in window) || Notification.permission !== "granted") return;
      const notification = new Notification(title, { body, tag });
      notification.onclick = () => {
        window.focus();
        notification.close();
      };
    }

    async function change(body) {
      try {
        desk.agent = await api("POST", `/api/v1/agents/${desk.me.id}/state`, body);
        showError(null);
      } catch (failure) {
        showError(failure);
      }
      await refresh(new Set());
    }

    /** Runs an action on a contact; returns whether the server took it. */
    async function act(contactId, action, body) {
      try {
        await api("POST", `/api/v1/contacts/${contactId}/${action}`, body);
        showError(null);
        await refresh(new Set([contactId]));
        return true;
      } catch (failure) {
        // Refreshed first: a refresh that succeeds clears the desk's error line.
        await refresh(new Set([contactId]));
        showError(failure);
        return false;
      }
    }

    /** The password the agent's phone registers with (SIP digest); the server keeps only its hash. */
    function phoneSettings(me) {
      const form = document.querySelector("[data-testid=sip-password-form]");
      const status = form.querySelector("[data-testid=sip-password-status]");
      form.querySelector("[data-testid=sip-account]").textContent = t("agent.sipAccount", { username: me.username });
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        try {
          await api("PUT", "/api/v1/auth/sip-password", { sipPassword: form.elements.sipPassword.value });
          form.reset();
          status.textContent = t("agent.sipPasswordSaved");
          status.dataset.state = "saved";
        } catch (failure) {
          status.textContent = errorText(failure);
          status.dataset.state = "error";
        }
      });
    }

    startPage(render).then(async (me) => {
      if (!me) return;
      desk.me = me;
      const queues = await api("GET", "/api/v1/queues").catch(() => ({ items: [] }));
      desk.queues = new Map(queues.items.map((queue) => [queue.id, queue.name]));
      desk.voiceQueues = queues.items.filter((queue) => queue.channels.includes("voice") && queue.active !== false);
      desk.chats = await chatDesk(me, queues.items, (message) => {
        showBadge();
        if (message) notify(t("agent.notifyMessage"), message.text ?? "", `chat-${message.conversation}`);
      });
      // Browsers ask for the notification permission only after the user did something.
      document.addEventListener("click", () => {
        if ("Notification" in window && Notification.permission === "default") Notification.requestPermission();
      }, { once: true });
      document.addEventListener("keydown", (event) => {
        if (!event.altKey || event.ctrlKey || event.metaKey) return;
        const firstOffer = desk.agent?.offered[0];
        const action = { a: "accept", d: "decline" }[event.key.toLowerCase()];
        if (action && firstOffer) {
          event.preventDefault();
          act(firstOffer, action);
        } else if (event.key.toLowerCase() === "n") {
          event.preventDefault();
          desk.chats.focusNextChat();
        }
      });
      showMyShifts(document.querySelector("[data-testid=my-shifts]"), me.id);
      phoneSettings(me);
      await refresh();
      followRouting((events) => refresh(events && new Set(events.map(contactOf))), 100);
      setInterval(tick, 1000);
      // A phone registering is no routing event: while hers is missing, the desk looks again.
      setInterval(() => { if (desk.agent?.phoneRegistered === false) refresh(new Set()); }, phoneCheckMilliseconds);
    });
  }
}
customElements.define("fc-agent-desk", AgentDesk);
