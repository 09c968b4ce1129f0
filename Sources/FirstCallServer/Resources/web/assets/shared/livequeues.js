// What the live view and the wallboard show of each queue: waiting contacts and the longest
// wait (ticking on between loads), today's service level, abandons and answers, and the
// logged-in agents by state, each with the threshold that turns it red.

import { api } from "./api.js";
import { t } from "./i18n.js";
import { settings } from "./session.js";

/** The states a queue's logged-in agents are counted by (the server's list, without offline). */
export function shownAgentStates() {
  return settings.agentStates.filter((name) => name !== "offline");
}

/** A queue's service-level threshold: its own, else the strictest default of its channels. */
export function thresholdSeconds(queue) {
  const defaults = { voice: 20, chat: 40, email: 14400 };
  return queue.serviceLevelThresholdSeconds ?? Math.min(...queue.channels.map((channel) => defaults[channel] ?? 40));
}

/** "87%" for a share, "—" when nothing was counted. */
export function percent(share) {
  return share === null || share === undefined ? t("value.none") : `${Math.round(share * 100)}%`;
}

/** The queues with their snapshots and today's figures, as loaded now. */
export async function loadQueues() {
  const [queues, today] = await Promise.all([api("GET", "/api/v1/queues"), api("GET", "/api/v1/analytics/today")]);
  const snapshots = await Promise.all(queues.items.map((queue) => api("GET", `/api/v1/queues/${queue.id}/snapshot`)));
  return {
    queues: queues.items,
    snapshots: new Map(snapshots.map((snapshot) => [snapshot.queueId, snapshot])),
    today: new Map(today.queues.map((figures) => [figures.queueId, figures])),
    loadedAt: Date.now(),
  };
}

/** One queue's figures from `loaded` (see loadQueues), waits counted on to this second. */
export function queueFigures(queue, loaded) {
  const snapshot = loaded.snapshots.get(queue.id) ?? { waiting: [], agents: {} };
  const since = (Date.now() - loaded.loadedAt) / 1000;
  const longestLoaded = snapshot.waiting.reduce((most, contact) => Math.max(most, contact.waitedSeconds), -1);
  const longest = longestLoaded < 0 ? null : Math.floor(longestLoaded + since);
  const today = loaded.today.get(queue.id) ?? { serviceLevel: null, abandoned: 0, shortAbandoned: 0, abandonmentRate: null, answered: 0 };
  return {
    waiting: snapshot.waiting.length,
    longest,
    late: longest !== null && longest > thresholdSeconds(queue),
    serviceLevel: today.serviceLevel,
    // Below the queue's target (80 % by default) the service level turns red.
    below: today.serviceLevel !== null && today.serviceLevel < (queue.serviceLevelTarget ?? 0.8),
    abandoned: today.abandoned - today.shortAbandoned,
    abandonmentRate: today.abandonmentRate,
    answered: today.answered,
    agents: snapshot.agents,
  };
}
