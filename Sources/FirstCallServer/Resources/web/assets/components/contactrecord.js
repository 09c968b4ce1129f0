// What a past contact left behind, shown in a list: a call's recordings to play (both sides,
// one per agent who talked), or a chat's transcript (none for an e-mail, or a contact imported
// without one). History and quality evaluation show it.

import { api } from "../shared/api.js";
import { insertMessage, messageItem } from "./chatpane.js";
import { h } from "../shared/dom.js";
import { t } from "../shared/i18n.js";

/** Fills `list` with the record of `hit` ({id, channel, customerName}); a failure is thrown. */
export async function showContactRecord(list, hit) {
  list.replaceChildren();
  if (hit.channel === "voice") {
    const recordings = (await api("GET", `/api/v1/contacts/${hit.id}/recordings`)).items;
    list.append(...(recordings.length === 0
      ? [h("li", { class: "empty", dataset: { testid: "recording-none" } }, t("history.noRecording"))]
      : recordings.map((recording) => h("li", { class: "recording", dataset: { testid: "recording" } },
        h("span", {}, t("history.recordingOf", { seconds: Math.round(recording.durationSeconds) })),
        h("audio", { controls: true, preload: "metadata", dataset: { testid: "recording-audio" },
          src: `/api/v1/contacts/${hit.id}/recordings/${encodeURIComponent(recording.name)}` })))));
    return;
  }
  let conversation;
  try {
    conversation = hit.channel === "chat" ? await api("GET", `/api/v1/chats/${hit.id}`) : null;
  } catch (failure) {
    // A contact imported from another system has no conversation stored.
    if (failure?.status !== 404) throw failure;
  }
  if (!conversation) {
    list.append(h("li", { class: "empty", dataset: { testid: "transcript-none" } }, t("history.noTranscript")));
    return;
  }
  const forms = new Map();
  for (const message of conversation.messages) {
    if (message.kind === "form") forms.set(message.form.id, message.form);
    insertMessage(list, messageItem(message, hit.customerName, forms));
  }
}
