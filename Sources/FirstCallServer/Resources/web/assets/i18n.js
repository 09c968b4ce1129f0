// Message catalogs (zh-CN and en) and the language choice: the browser's language unless
// the user picked one, remembered in localStorage.

const catalogs = {
  en: {
    "login.tagline": "Contact center — sign in to continue",
    "login.username": "Username",
    "login.password": "Password",
    "login.submit": "Log in",
    "login.failed": "Wrong username or password.",
    "login.throttled": "Too many failed attempts. Try again in {seconds} s.",
    "admin.title": "Administration",
    "admin.logout": "Log out",
    "nav.users": "Users",
    "nav.teams": "Teams",
    "nav.queues": "Queues",
    "nav.skills": "Skills",
    "action.new": "New",
    "action.edit": "Edit",
    "action.delete": "Delete",
    "action.save": "Save",
    "action.cancel": "Cancel",
    "action.skills": "Skills",
    "confirm.delete": "Delete “{name}”? This cannot be undone.",
    "list.empty": "Nothing here yet.",
    "field.name": "Name",
    "field.description": "Description",
    "field.username": "Username",
    "field.displayName": "Display name",
    "field.password": "Password",
    "field.passwordKeep": "Password (leave empty to keep)",
    "field.role": "Role",
    "field.team": "Team",
    "field.chatCapacity": "Chats at once",
    "field.canEvaluateQuality": "QA rights",
    "field.canPlanWorkforce": "WFM rights",
    "field.isActive": "Active",
    "field.supervisor": "Supervisor",
    "field.channels": "Channels",
    "field.serviceLevelTarget": "Service level target (%)",
    "field.serviceLevelThresholdSeconds": "Answer within (s, empty = channel default)",
    "field.requiredSkills": "Required skills (minimum level)",
    "field.strategy": "Routing strategy",
    "field.overflowQueue": "Overflow to queue",
    "field.overflowAfterSeconds": "Overflow after waiting (s)",
    "field.overflowExpectedWaitSeconds": "Overflow when expected wait exceeds (s)",
    "agent.title": "Agent desktop",
    "agent.state": "My state",
    "agent.ready": "Ready",
    "agent.notReady": "Not ready",
    "agent.reason": "Reason",
    "agent.offer": "Incoming",
    "agent.accept": "Accept",
    "agent.decline": "Decline",
    "agent.end": "End",
    "agent.disposition": "Outcome",
    "agent.complete": "Close",
    "disposition.resolved": "Resolved",
    "disposition.notResolved": "Not resolved",
    "disposition.followUp": "Follow-up",
    "event.contactCreated": "Contact created",
    "event.contactQueued": "Queued",
    "event.contactOffered": "Offered",
    "event.offerAccepted": "Answered",
    "event.offerRejected": "Offer ended unanswered",
    "event.contactTransferred": "Transferred",
    "event.contactAbandoned": "Abandoned",
    "event.contactEnded": "Conversation ended",
    "event.wrapUpCompleted": "Wrap-up closed",
    "event.surveyAnswered": "Survey answered",
    "event.customerIdentified": "Customer identified",
    "event.agentStateChanged": "Agent state",
    "event.contactOverflowed": "Overflowed",
    "event.callbackRequested": "Callback requested",
    "event.contactCompleted": "Completed",
    "event.agentStateRequested": "State requested",
    "supervisor.title": "Live view",
    "nav.live": "Live view",
    "supervisor.queues": "Queues",
    "supervisor.agents": "Agents",
    "live.waiting": "Waiting",
    "live.longestWait": "Longest wait",
    "live.state": "State",
    "live.contacts": "Contacts",
    "agentState.offline": "Offline",
    "agentState.available": "Available",
    "agentState.reserved": "Ringing",
    "agentState.busy": "Busy",
    "agentState.afterContactWork": "Wrap-up",
    "agentState.notReady": "Not ready",
    "reason.break": "Break",
    "reason.lunch": "Lunch",
    "reason.training": "Training",
    "reason.meeting": "Meeting",
    "reason.missedOffer": "Missed offer",
    "reason.other": "Other",
    "strategy.longest-idle": "Longest idle agent",
    "strategy.least-occupied": "Least occupied agent",
    "strategy.round-robin": "Round robin",
    "strategy.ring-all": "Ring all",
    "strategy.skill-best-fit": "Best skill fit",
    "field.proficiency": "Level",
    "role.agent": "Agent",
    "role.supervisor": "Supervisor",
    "role.admin": "Administrator",
    "channel.voice": "Voice",
    "channel.chat": "Chat",
    "channel.email": "E-mail",
    "value.none": "—",
    "value.yes": "Yes",
    "value.no": "No",
    "skills.title": "Skills of {name}",
    "skills.level": "{level} of 5",
    "saved": "Saved.",
    "error.network": "The server cannot be reached.",
  },
  "zh-CN": {
    "login.tagline": "联络中心 — 请登录",
    "login.username": "用户名",
    "login.password": "密码",
    "login.submit": "登录",
    "login.failed": "用户名或密码错误。",
    "login.throttled": "失败次数过多，请 {seconds} 秒后再试。",
    "admin.title": "系统管理",
    "admin.logout": "退出",
    "nav.users": "用户",
    "nav.teams": "团队",
    "nav.queues": "队列",
    "nav.skills": "技能",
    "action.new": "新建",
    "action.edit": "编辑",
    "action.delete": "删除",
    "action.save": "保存",
    "action.cancel": "取消",
    "action.skills": "技能",
    "confirm.delete": "确定删除“{name}”吗？此操作无法撤销。",
    "list.empty": "暂无数据。",
    "field.name": "名称",
    "field.description": "说明",
    "field.username": "用户名",
    "field.displayName": "显示名",
    "field.password": "密码",
    "field.passwordKeep": "密码（留空则不变）",
    "field.role": "角色",
    "field.team": "团队",
    "field.chatCapacity": "同时会话数",
    "field.canEvaluateQuality": "质检权限",
    "field.canPlanWorkforce": "排班权限",
    "field.isActive": "启用",
    "field.supervisor": "主管",
    "field.channels": "渠道",
    "field.serviceLevelTarget": "服务水平目标（%）",
    "field.serviceLevelThresholdSeconds": "应答时限（秒，留空用渠道默认）",
    "field.requiredSkills": "所需技能（最低等级）",
    "field.strategy": "分配策略",
    "field.overflowQueue": "溢出到队列",
    "field.overflowAfterSeconds": "等待超过（秒）后溢出",
    "field.overflowExpectedWaitSeconds": "预计等待超过（秒）时溢出",
    "agent.title": "坐席工作台",
    "agent.state": "我的状态",
    "agent.ready": "就绪",
    "agent.notReady": "示忙",
    "agent.reason": "原因",
    "agent.offer": "新来电/会话",
    "agent.accept": "接听",
    "agent.decline": "拒绝",
    "agent.end": "结束",
    "agent.disposition": "处理结果",
    "agent.complete": "完成",
    "disposition.resolved": "已解决",
    "disposition.notResolved": "未解决",
    "disposition.followUp": "待跟进",
    "event.contactCreated": "接入",
    "event.contactQueued": "进入队列",
    "event.contactOffered": "分配给坐席",
    "event.offerAccepted": "已接听",
    "event.offerRejected": "未接听",
    "event.contactTransferred": "已转接",
    "event.contactAbandoned": "客户放弃",
    "event.contactEnded": "通话/会话结束",
    "event.wrapUpCompleted": "话后处理完成",
    "event.surveyAnswered": "满意度评价",
    "event.customerIdentified": "识别客户",
    "event.agentStateChanged": "坐席状态",
    "event.contactOverflowed": "溢出",
    "event.callbackRequested": "预约回拨",
    "event.contactCompleted": "处理完毕",
    "event.agentStateRequested": "状态变更",
    "supervisor.title": "实时监控",
    "nav.live": "实时监控",
    "supervisor.queues": "队列",
    "supervisor.agents": "坐席",
    "live.waiting": "排队数",
    "live.longestWait": "最长等待",
    "live.state": "状态",
    "live.contacts": "接待中",
    "agentState.offline": "离线",
    "agentState.available": "空闲",
    "agentState.reserved": "振铃中",
    "agentState.busy": "通话/会话中",
    "agentState.afterContactWork": "话后处理",
    "agentState.notReady": "示忙",
    "reason.break": "小休",
    "reason.lunch": "午餐",
    "reason.training": "培训",
    "reason.meeting": "会议",
    "reason.missedOffer": "未接来电",
    "reason.other": "其他",
    "strategy.longest-idle": "最长空闲坐席优先",
    "strategy.least-occupied": "占用率最低坐席优先",
    "strategy.round-robin": "轮询",
    "strategy.ring-all": "同时振铃",
    "strategy.skill-best-fit": "技能最匹配优先",
    "field.proficiency": "等级",
    "role.agent": "坐席",
    "role.supervisor": "主管",
    "role.admin": "管理员",
    "channel.voice": "语音",
    "channel.chat": "在线客服",
    "channel.email": "邮件",
    "value.none": "—",
    "value.yes": "是",
    "value.no": "否",
    "skills.title": "{name} 的技能",
    "skills.level": "{level} / 5 级",
    "saved": "已保存。",
    "error.network": "无法连接服务器。",
  },
};

export const languages = [
  { code: "zh-CN", label: "中文" },
  { code: "en", label: "English" },
];

const storageKey = "firstcall.language";

/** The language in use: the saved choice, else the browser's first supported language. */
export function currentLanguage() {
  const saved = localStorage.getItem(storageKey);
  if (saved && catalogs[saved]) return saved;
  for (const wanted of navigator.languages || [navigator.language]) {
    const lower = (wanted || "").toLowerCase();
    if (lower.startsWith("zh")) return "zh-CN";
    if (lower.startsWith("en")) return "en";
  }
  return "en";
}

/** Translates a key, filling {placeholders} from `values`. */
export function t(key, values = {}) {
  const text = catalogs[currentLanguage()][key] ?? catalogs.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

/** Fills every [data-i18n] element under `root` with its translation (as text, never HTML). */
export function translate(root = document) {
  document.documentElement.lang = currentLanguage();
  for (const element of root.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n);
  }
}

export function setLanguage(code) {
  localStorage.setItem(storageKey, code);
  translate();
  window.dispatchEvent(new CustomEvent("languagechange-firstcall"));
}

/** <fc-language-switch>: a select that switches the UI language. */
class LanguageSwitch extends HTMLElement {
  connectedCallback() {
    const select = document.createElement("select");
    select.dataset.testid = "language-switch";
    select.setAttribute("aria-label", "Language / 语言");
    for (const { code, label } of languages) {
      const option = document.createElement("option");
      option.value = code;
      option.textContent = label;
      select.append(option);
    }
    select.value = currentLanguage();
    select.addEventListener("change", () => setLanguage(select.value));
    this.replaceChildren(select);
  }
}
customElements.define("fc-language-switch", LanguageSwitch);
