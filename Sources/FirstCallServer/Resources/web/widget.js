// FirstCall chat widget. Put one tag on any page:
//   <script src="https://HOST/widget.js" data-queue="在线客服" async></script>
// Optional: data-locale="zh-CN|zh-TW|en" (the customer may switch in the window), data-title="…".
// The conversation runs over a WebSocket to HOST; it survives reloads and network drops (the
// conversation id and its secret stay in this browser's localStorage), messages are shown as
// text only, and a message is marked sent once the server has stored it.
(() => {
  "use strict";
  const script = document.currentScript || document.querySelector('script[src*="widget.js"][data-queue]');
  if (!script || window.__firstCallWidget) return;
  window.__firstCallWidget = true;

  const origin = new URL(script.src, location.href).origin;
  const queue = script.dataset.queue || "";

  /** Builds the widget in the language chosen; a change of language builds it anew. */
  function start() {
    const storageKey = `firstcall.chat.${origin}.${queue}`;
    // The widget's messages in each language (zh-CN, zh-TW, en), filled in by the server from its
    // catalogs when it serves this script.
    const catalogs = __FIRSTCALL_WIDGET_CATALOGS__;
    const languageKey = "firstcall.chat.language";
    /** The supported language a language tag asks for, if any (zh-HK, zh-Hant → zh-TW). */
    const supported = (tag) => {
      const lower = (tag || "").toLowerCase();
      if (/^zh-(tw|hk|mo|hant)/.test(lower)) return "zh-TW";
      if (lower.startsWith("zh")) return "zh-CN";
      return lower.startsWith("en") ? "en" : null;
    };
    // The customer's own choice first, then the site's, then the browser's.
    const locale = [localStorage.getItem(languageKey), script.dataset.locale, ...(navigator.languages || [navigator.language])]
      .map(supported).find(Boolean) || "en";
    const texts = catalogs[locale];
    const say = (key, values = {}) => texts[key].replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));

    /** Creates an element with attributes and children (strings become text nodes, never HTML). */
    function h(tag, attributes = {}, ...children) {
      const element = document.createElement(tag);
      for (const [name, value] of Object.entries(attributes)) {
        if (value === false || value == null) continue;
        if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
        else element.setAttribute(name, value === true ? "" : String(value));
      }
      for (const part of children.flat()) {
        if (part != null) element.append(part.nodeType ? part : document.createTextNode(String(part)));
      }
      return element;
    }

    // ----- the widget's DOM, in a shadow root so the site's styles do not reach it -----
    const host = h("div", { id: "firstcall-chat" });
    const root = host.attachShadow({ mode: "open" });
    root.append(h("link", { rel: "stylesheet", href: `${origin}/assets/widget.css` }));
    const launcher = h("button", { class: "launcher", type: "button", "data-testid": "chat-open" }, say("open"));
    const status = h("div", { class: "status", "data-testid": "chat-status", "aria-live": "polite" });
    const messages = h("ol", { class: "messages", "data-testid": "chat-messages", "aria-live": "polite" });
    const typing = h("div", { class: "typing", "data-testid": "chat-typing", hidden: true });
    const input = h("textarea", {
      "data-testid": "chat-input", rows: 2, maxlength: 2000, placeholder: say("placeholder"), "aria-label": say("placeholder"),
    });
    const sendButton = h("button", { type: "submit", "data-testid": "chat-send" }, say("send"));
    // A photo (the broken goods): checked here for type and size, and again by the server.
    const imageTypes = ["image/jpeg", "image/png", "image/gif", "image/webp"];
    const maximumImageBytes = 5 * 1024 * 1024;
    const fileInput = h("input", { type: "file", accept: imageTypes.join(","), hidden: true, "data-testid": "chat-attach-input" });
    const attachButton = h("button", { type: "button", class: "attach", "data-testid": "chat-attach",
      "aria-label": say("attachImage"), title: say("attachImage"), onclick: () => fileInput.click() }, "📎");
    const humanButton = h("button", { type: "button", class: "human", "data-testid": "chat-human" }, say("human"));
    const endButton = h("button", { type: "button", class: "end", "data-testid": "chat-end" }, say("end"));
    const restartButton = h("button", { type: "button", "data-testid": "chat-restart", hidden: true }, say("restart"));
    const composer = h("form", { class: "composer" }, attachButton, fileInput, input, sendButton);
    const identity = {
      name: h("input", { name: "name", maxlength: 100, "aria-label": say("name"), placeholder: say("name") }),
      phone: h("input", { name: "phone", type: "tel", maxlength: 30, "aria-label": say("phone"), placeholder: say("phone") }),
      email: h("input", { name: "email", type: "email", maxlength: 254, "aria-label": say("email"), placeholder: say("email") }),
    };
    const identifyNote = h("span", { "data-testid": "chat-identify-note" });
    const identifyForm = h("form", { class: "identify", "data-testid": "chat-identify" },
      h("details", {}, h("summary", {}, say("identify")), identity.name, identity.phone, identity.email,
        h("button", { type: "submit", "data-testid": "chat-identify-submit" }, say("save")), identifyNote));
    // 留言: shown when nobody can answer now, or when a waiting customer would rather not wait.
    const leaveNote = h("p", { class: "leave-note", "data-testid": "chat-leave-message-note" });
    const leaveText = h("textarea", { name: "text", rows: 3, maxlength: 2000, required: true,
      "aria-label": say("messageText"), placeholder: say("messageText") });
    const leaveFields = {
      name: h("input", { name: "name", maxlength: 100, "aria-label": say("name"), placeholder: say("name") }),
      phone: h("input", { name: "phone", type: "tel", maxlength: 30, "aria-label": say("phone"), placeholder: say("phone") }),
      email: h("input", { name: "email", type: "email", maxlength: 254, "aria-label": say("email"), placeholder: say("email") }),
    };
    const leaveError = h("p", { class: "leave-error", role: "alert", hidden: true });
    const leaveForm = h("form", { class: "leave-message", "data-testid": "chat-leave-message", hidden: true },
      h("strong", {}, say("leaveMessageTitle")), leaveNote, leaveText, leaveFields.name, leaveFields.phone,
      leaveFields.email, h("small", {}, say("leaveMessageHint")), leaveError,
      h("button", { type: "submit", "data-testid": "chat-leave-message-submit" }, say("submit")));
    const leaveButton = h("button", { type: "button", class: "link", "data-testid": "chat-leave-message-open", hidden: true },
      say("leaveMessage"));
    const survey = h("section", { class: "survey", "data-testid": "survey", hidden: true });
    // 简体 / 繁體 / English, as Chinese customers expect to switch in the chat window itself.
    const languageSelect = h("select", { "data-testid": "chat-language", "aria-label": "语言 / 語言 / Language" },
      Object.entries({ "zh-CN": "简体", "zh-TW": "繁體", en: "EN" }).map(([code, label]) => h("option", { value: code }, label)));
    languageSelect.value = locale;
    languageSelect.addEventListener("change", () => {
      localStorage.setItem(languageKey, languageSelect.value);
      stopped = true;
      socket?.close();
      host.remove();
      start();
    });
    const title = h("strong", { "data-testid": "chat-title" }, script.dataset.title || say("title"));
    const avatar = h("img", { class: "avatar", alt: "", hidden: true, "data-testid": "chat-avatar", referrerpolicy: "no-referrer" });
    // The details the queue asks for before the chat, when it asks for any.
    const preChat = h("form", { class: "prechat", "data-testid": "chat-prechat", hidden: true });
    const panel = h("section", { class: "panel", "data-testid": "chat-panel", hidden: true, role: "dialog", "aria-label": say("title") },
      h("header", {}, avatar, title, languageSelect, humanButton, endButton,
        h("button", { type: "button", class: "close", "aria-label": "×", onclick: () => setOpen(false) }, "×")),
      status, leaveButton, identifyForm, messages, preChat, leaveForm, typing, survey, restartButton, composer);
    root.append(launcher, panel);

    // ----- state -----
    let saved = {};
    try { saved = JSON.parse(localStorage.getItem(storageKey) || "{}"); } catch { saved = {}; }
    let socket = null;
    let satisfactionScale = []; // the survey's scores, as the server's welcome gives them
    let stopped = false; // set when this build of the widget gives way to one in another language
    let connected = false;
    let retryMilliseconds = 500;
    let phase = "open";
    let availability = "open"; // whether someone can answer, as the server's welcome says
    let leftMessage = false;
    const forms = new Map(); // pushed forms by id, so an answer shows under its labels
    let lastTypingSentAt = 0;
    let typingTimer = null;
    const shown = new Set(); // sequences already on screen
    let lastShownSequence = 0; // a reconnect asks for what came after it; a new page for everything
    const pending = new Map(); // clientId → {text or file, element} not yet stored by the server
    // The conversation's id and secret, whether the panel is open, and the details the customer
    // chose to leave (kept for their next chat).
    const persist = () => localStorage.setItem(storageKey, JSON.stringify(saved));

    function setOpen(open) {
      panel.hidden = !open;
      launcher.hidden = open;
      saved.open = open;
      persist();
      if (open) {
        connect();
        input.focus();
      }
    }

    function connect() {
      if (socket) return;
      socket = new WebSocket(origin.replace(/^http/, "ws") + "/chat/socket");
      socket.onopen = () => {
        retryMilliseconds = 500;
        const hello = saved.conversation
          ? { type: "hello", conversation: saved.conversation, token: saved.token, after: lastShownSequence, language: locale }
          : { type: "hello", queue, language: locale };
        socket.send(JSON.stringify(hello));
      };
      socket.onmessage = (event) => {
        let frame;
        try { frame = JSON.parse(event.data); } catch { return; }
        receive(frame);
      };
      socket.onclose = () => {
        socket = null;
        if (stopped) return;
        const wasConnected = connected;
        connected = false;
        if (wasConnected || pending.size) status.textContent = say("reconnecting");
        if (!panel.hidden || saved.conversation) {
          setTimeout(connect, retryMilliseconds);
          retryMilliseconds = Math.min(retryMilliseconds * 2, 10000);
        }
      };
    }

    function send(frame) {
      if (socket && connected) socket.send(JSON.stringify(frame));
    }

    function receive(frame) {
      switch (frame.type) {
        case "welcome":
          const isNew = saved.conversation !== frame.conversation;
          if (isNew) {
            saved = { conversation: frame.conversation, token: frame.token, open: saved.open, identity: saved.identity };
            persist();
          }
          connected = true;
          satisfactionScale = frame.satisfactionScale;
          availability = frame.availability || "open";
          if (frame.widget) brand(frame.widget, isNew && !shown.size);
          if (availability !== "open" && phase === "open" && !shown.size && !leftMessage) showLeaveMessage();
          // A customer who left their details once is known in every later chat from this browser.
          if (isNew && saved.identity) send({ type: "identify", ...saved.identity });
          // Messages typed while offline go now; the server drops the ones it already has.
          for (const [clientId, item] of pending) {
            if (item.text != null) send({ type: "message", text: item.text, clientId });
          }
          break;
        case "message": showMessage(frame); break;
        case "state": showState(frame); break;
        case "identified": identifyNote.textContent = say("saved"); break;
        case "typing":
          typing.textContent = say("typing", { name: frame.authorName || say("agent") });
          typing.hidden = false;
          clearTimeout(typingTimer);
          typingTimer = setTimeout(() => { typing.hidden = true; }, 3000);
          break;
        case "error":
          if (frame.code === "unknownConversation") {
            saved = { open: saved.open };
            persist();
            socket?.close();
            return;
          }
          // A message the server could not store is sent again on reconnect; a refused one is not.
          if (frame.clientId && pending.has(frame.clientId) && frame.code !== "notStored") {
            refuse(frame.clientId, frame.code);
            return;
          }
          if (!leaveForm.hidden) {
            leaveError.textContent = problem(frame.code);
            leaveError.hidden = false;
            return;
          }
          messages.append(h("li", { class: "error", "data-testid": "chat-error", "data-code": frame.code || "", role: "alert" },
            problem(frame.code)));
          scrollDown();
          break;
      }
    }

    function showMessage(frame) {
      if (frame.clientId && pending.has(frame.clientId)) {
        pending.get(frame.clientId).element.remove();
        pending.delete(frame.clientId);
      }
      if (shown.has(frame.sequence)) return;
      shown.add(frame.sequence);
      lastShownSequence = Math.max(lastShownSequence, frame.sequence);
      if (frame.author === "agent") typing.hidden = true;
      const author = frame.author === "customer" ? say("you") : frame.author === "bot" ? say("bot") : frame.authorName || say("agent");
      const item = h("li", { class: `message ${frame.author}`, "data-testid": "chat-message", "data-author": frame.author,
        "data-sequence": frame.sequence },
        frame.author === "system" ? null : h("span", { class: "author" }, author));
      if (frame.kind === "page") {
        // A new tab: most sites refuse to be shown in a frame, and the chat stays in view.
        item.append(h("div", { class: "card", "data-testid": "chat-page-card" }, h("strong", {}, frame.title),
          h("a", { class: "button", "data-testid": "chat-page-open", href: frame.url, target: "_blank",
            rel: "noopener noreferrer" }, say("openPage"))));
      } else if (frame.kind === "form") {
        forms.set(frame.form.id, frame.form);
        item.append(formCard(frame.form));
      } else if (frame.kind === "image") {
        item.append(imageElement(frame.image));
      } else if (frame.kind === "agentJoined") {
        item.append(h("div", { class: "text" }, say("connected", { name: frame.authorName || say("agent") })));
      } else if (frame.kind === "formReply") {
        const fields = forms.get(frame.formId)?.fields || [];
        const label = (name) => fields.find((field) => field.name === name)?.label || name;
        item.append(h("dl", { class: "form-answers", "data-testid": "chat-form-answers" },
          Object.entries(frame.values || {}).flatMap(([name, value]) => [h("dt", {}, label(name)), h("dd", {}, value)])));
        const form = messages.querySelector(`form[data-form-id="${CSS.escape(frame.formId)}"]`);
        if (form) markSubmitted(form);
      } else {
        item.append(h("div", { class: "text" }, frame.text));
      }
      for (const article of frame.articles || []) {
        item.append(h("a", {
          class: "article-link", "data-testid": "chat-article-link", target: "_blank", rel: "noopener",
          href: `${origin}/faq?article=${encodeURIComponent(article.id)}&from=bot`,
        }, say("openArticle", { title: article.title })));
      }
      // Quick replies belong to the newest message only: any later one takes them away.
      for (const old of messages.querySelectorAll(".quick-replies")) old.remove();
      if (frame.quickReplies?.length && phase !== "ended") {
        item.append(h("div", { class: "quick-replies", "data-testid": "chat-quick-replies" },
          frame.quickReplies.map((reply) => h("button", {
            type: "button", "data-testid": "chat-quick-reply", onclick: () => sendText(reply),
          }, reply))));
      }
      // Keep the log order even when a resend and new messages cross.
      const later = [...messages.querySelectorAll("li[data-sequence]")].find((li) => Number(li.dataset.sequence) > frame.sequence);
      messages.insertBefore(item, later || firstPending());
      scrollDown();
    }

    /** The image of a message, fetched with the conversation's secret (it is served to nobody else). */
    function imageElement(image) {
      const element = h("img", { class: "image", alt: say("image"), width: image.widthPixels, height: image.heightPixels,
        "data-testid": "chat-image" });
      fetch(`${origin}/api/public/chats/${saved.conversation}/images/${image.id}`,
        { headers: { "X-FirstCall-Chat-Token": saved.token } })
        .then((response) => (response.ok ? response.blob() : Promise.reject(new Error(String(response.status)))))
        .then((blob) => { element.src = URL.createObjectURL(blob); })
        .catch(() => { element.alt = say("imageUnavailable"); });
      return element;
    }

    function firstPending() {
      return messages.querySelector("li.pending");
    }

    /** A refusal worded in the customer's language; the server's own text is never shown. */
    function problem(code) {
      return texts[`error.${code}`] ? say(`error.${code}`) : say("error.generic");
    }

    /** A message the server refused (the flood limit): marked refused, not resent. */
    function refuse(clientId, code) {
      if (!pending.has(clientId)) return;
      const { element } = pending.get(clientId);
      pending.delete(clientId);
      element.classList.replace("pending", "refused");
      element.dataset.testid = "chat-message-refused";
      element.querySelector(".author").textContent = `${say("you")} · ${say("refused")}`;
      element.append(h("div", { class: "reason" }, problem(code)));
    }

    /** The queue's look: colour, title and avatar; in a new chat, its welcome message and the
     * details it asks for first (the composer waits for the required ones). */
    function brand(widget, isFresh) {
      panel.style.setProperty("--brand", widget.color);
      launcher.style.setProperty("--brand", widget.color);
      title.textContent = widget.title || script.dataset.title || say("title");
      avatar.hidden = !widget.avatarUrl;
      if (widget.avatarUrl) avatar.src = widget.avatarUrl;
      if (isFresh && widget.welcome && !messages.querySelector(".welcome")) {
        messages.prepend(h("li", { class: "message welcome", "data-testid": "chat-welcome" }, widget.welcome));
      }
      const asked = Object.entries(widget.preChat || {}).filter(([, ask]) => ask !== "off");
      if (!isFresh || asked.length === 0 || saved.preChatDone) return;
      const inputs = asked.map(([name, ask]) => h("label", {}, h("span", { class: ask === "required" ? "required" : null }, say(name)),
        h("input", { name, required: ask === "required", maxlength: name === "email" ? 254 : 100,
          type: { phone: "tel", email: "email" }[name] || "text", value: saved.identity?.[name] ?? "" })));
      preChat.replaceChildren(h("strong", {}, say("preChat")), ...inputs,
        h("button", { type: "submit", "data-testid": "chat-prechat-submit" }, say("startChat")));
      preChat.hidden = false;
      composer.hidden = true;
      preChat.onsubmit = (event) => {
        event.preventDefault();
        if (!preChat.reportValidity()) return;
        const details = Object.fromEntries(asked.map(([name]) => [name, preChat.elements[name].value.trim()]));
        saved.identity = { ...saved.identity, ...details };
        saved.preChatDone = true;
        persist();
        if (Object.values(details).some(Boolean)) send({ type: "identify", ...details });
        preChat.hidden = true;
        composer.hidden = false;
        input.focus();
      };
    }

    /** Offers the message form; the composer stays, for the bot or an agent who logs in meanwhile. */
    function showLeaveMessage() {
      leaveNote.textContent = say(`unavailable.${availability}`);
      leaveForm.hidden = false;
      leaveButton.hidden = true;
      for (const [field, element] of Object.entries(leaveFields)) element.value ||= saved.identity?.[field] ?? "";
    }

    function formCard(form) {
      const element = h("form", { class: "card pushed-form", "data-testid": "chat-form", "data-form-id": form.id },
        h("strong", {}, form.title),
        form.fields.map((field) => h("label", {}, field.label,
          h("input", { name: field.name, required: field.required, maxlength: 500,
            type: { phone: "tel", email: "email", number: "number", date: "date" }[field.kind] || "text" }))),
        h("button", { type: "submit", "data-testid": "chat-form-submit" }, say("submit")));
      element.addEventListener("submit", (event) => {
        event.preventDefault();
        const values = {};
        for (const field of form.fields) values[field.name] = element.elements[field.name].value;
        send({ type: "formReply", formId: form.id, values });
      });
      return element;
    }

    function markSubmitted(form) {
      for (const control of form.elements) control.disabled = true;
      form.querySelector("button").textContent = say("submitted");
    }

    function showState(frame) {
      phase = frame.phase;
      leftMessage = Boolean(frame.leftMessage);
      const parts = {
        open: [say("greeting")],
        queued: [say("queued"), frame.expectedWaitSeconds != null ? expectedWait(frame.expectedWaitSeconds) : null],
        connected: [say("connected", { name: frame.agentName || say("agent") })],
        ended: [say("ended")],
      }[phase] || [];
      status.replaceChildren(parts.filter(Boolean).join(" · "));
      if (phase === "queued" && frame.ahead != null) {
        status.append(" · ", h("span", { "data-testid": "chat-position", "data-ahead": String(frame.ahead) },
          frame.ahead === 0 ? say("next") : say("position", { n: frame.ahead })));
      }
      if (leftMessage && phase === "queued") status.replaceChildren(say("messageLeft"));
      status.dataset.phase = phase;
      status.dataset.leftMessage = String(leftMessage);
      leaveButton.hidden = phase !== "queued" || leftMessage;
      if (leftMessage || phase === "connected" || phase === "ended") {
        leaveForm.hidden = true;
        composer.hidden = leftMessage && phase !== "connected";
        humanButton.hidden = leftMessage;
      }
      const ended = phase === "ended";
      input.disabled = ended;
      sendButton.disabled = ended;
      attachButton.disabled = ended;
      humanButton.disabled = ended;
      endButton.hidden = ended;
      restartButton.hidden = !ended;
      if (ended) showSurvey(frame.surveyAnswered);
    }

    /** The expected wait in whole minutes, or "under a minute". */
    function expectedWait(seconds) {
      return seconds < 60 ? say("waitUnderMinute") : say("waitMinutes", { m: Math.round(seconds / 60) });
    }

    function showSurvey(answered) {
      survey.hidden = false;
      survey.replaceChildren();
      if (answered) {
        survey.append(h("p", { "data-testid": "survey-thanks" }, say("thanks")));
        return;
      }
      let rating = 0;
      let firstContact = null;
      const submit = h("button", { type: "button", "data-testid": "survey-submit", disabled: true }, say("submit"));
      const update = () => {
        for (const button of survey.querySelectorAll("[data-testid=survey-rating]")) {
          button.setAttribute("aria-pressed", String(Number(button.value) === rating));
        }
        submit.disabled = rating === 0;
      };
      survey.append(
        h("p", {}, say("survey")),
        h("div", { class: "stars" }, satisfactionScale.map((value) => h("button", {
          type: "button", "data-testid": "survey-rating", value, "aria-pressed": "false", "aria-label": String(value),
          onclick: () => { rating = value; update(); },
        }, "★"))),
        h("p", {}, say("firstTime")),
        h("div", { class: "choices" },
          h("button", { type: "button", "data-testid": "survey-first-contact-yes", onclick: (event) => choose(event, true) }, say("yes")),
          h("button", { type: "button", "data-testid": "survey-first-contact-no", onclick: (event) => choose(event, false) }, say("no"))),
        submit);
      function choose(event, value) {
        firstContact = value;
        for (const button of survey.querySelectorAll(".choices button")) button.setAttribute("aria-pressed", String(button === event.target));
      }
      submit.addEventListener("click", () => send({ type: "survey", satisfaction: rating, firstContact }));
    }

    function scrollDown() {
      messages.scrollTop = messages.scrollHeight;
    }

    // ----- what the customer does -----
    launcher.addEventListener("click", () => setOpen(true));
    /** Shows a message as sending until the server's echo says it is stored; returns its id. */
    function showPending(item, content) {
      const clientId = (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`).slice(0, 64);
      item.element = h("li", { class: "message customer pending", "data-testid": "chat-message-pending" },
        h("span", { class: "author" }, `${say("you")} · ${say("sending")}`), h("div", { class: "text" }, content));
      messages.append(item.element);
      pending.set(clientId, item);
      scrollDown();
      return clientId;
    }
    function sendText(text) {
      send({ type: "message", text, clientId: showPending({ text }, text) });
    }
    /** Sends a photo over HTTP (a socket frame is small); the echo on the socket, or the answer,
     * replaces the pending line. */
    async function sendImage(file) {
      const clientId = showPending({ file }, `🖼 ${file.name}`);
      if (!imageTypes.includes(file.type)) return refuse(clientId, "unsupportedImage");
      if (file.size > maximumImageBytes) return refuse(clientId, "imageTooLarge");
      if (!connected || !saved.conversation) return refuse(clientId, "notConnected");
      try {
        const response = await fetch(`${origin}/api/public/chats/${saved.conversation}/images`, {
          method: "POST", body: file,
          headers: { "Content-Type": file.type, "X-FirstCall-Chat-Token": saved.token, "X-FirstCall-Client-Id": clientId },
        });
        const answer = await response.json().catch(() => ({}));
        if (!response.ok) return refuse(clientId, answer.code);
        showMessage(answer);
      } catch {
        refuse(clientId, "notConnected");
      }
    }
    fileInput.addEventListener("change", () => {
      for (const file of fileInput.files) sendImage(file);
      fileInput.value = "";
    });
    composer.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text || phase === "ended") return;
      input.value = "";
      sendText(text);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        composer.requestSubmit();
      }
    });
    input.addEventListener("input", () => {
      const now = Date.now();
      if (now - lastTypingSentAt > 1500) {
        lastTypingSentAt = now;
        send({ type: "typing" });
      }
    });
    humanButton.addEventListener("click", () => send({ type: "human" }));
    leaveButton.addEventListener("click", () => {
      availability = "waiting";
      showLeaveMessage();
      leaveText.focus();
    });
    leaveForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const details = { name: leaveFields.name.value, phone: leaveFields.phone.value, email: leaveFields.email.value };
      if (!details.phone.trim() && !details.email.trim()) {
        leaveError.textContent = say("error.contactDetailsRequired");
        leaveError.hidden = false;
        return;
      }
      leaveError.hidden = true;
      saved.identity = details;
      persist();
      send({ type: "leaveMessage", text: leaveText.value, ...details });
    });
    endButton.addEventListener("click", () => send({ type: "end" }));
    restartButton.addEventListener("click", () => {
      saved = { open: true, identity: saved.identity };
      messages.querySelector(".welcome")?.remove();
      persist();
      shown.clear();
      lastShownSequence = 0;
      messages.replaceChildren();
      survey.hidden = true;
      restartButton.hidden = true;
      phase = "open";
      socket?.close();
    });
    identifyForm.addEventListener("submit", (event) => {
      event.preventDefault();
      saved.identity = { name: identity.name.value, phone: identity.phone.value, email: identity.email.value };
      persist();
      send({ type: "identify", ...saved.identity });
    });
    for (const [field, input] of Object.entries(identity)) input.value = saved.identity?.[field] ?? "";

    const mount = () => {
      document.body.append(host);
      if (saved.open) setOpen(true);
    };
    if (document.body) mount();
    else document.addEventListener("DOMContentLoaded", mount);
  }
  start();
})();
