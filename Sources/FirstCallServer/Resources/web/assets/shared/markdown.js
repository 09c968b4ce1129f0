// Article bodies are Markdown. This renders the part of it FAQ answers use — headings,
// paragraphs, bullet and numbered lists, bold, italic, inline code and links — as DOM nodes
// built from text, never as HTML: whatever an article holds, no tag of it reaches the page.
// Links open only http(s) and mailto addresses; anything else stays text.

import { h } from "./dom.js";

const inlinePattern = /\*\*([^*]+)\*\*|\*([^*]+)\*|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)/g;

function safeHref(address) {
  try {
    const url = new URL(address, window.location.href);
    return ["http:", "https:", "mailto:"].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** Text with **bold**, *italic*, `code` and [links](https://…) as nodes. */
function inline(text) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(inlinePattern)) {
    if (match.index > last) nodes.push(text.slice(last, match.index));
    const [whole, bold, italic, code, label, address] = match;
    if (bold) nodes.push(h("strong", {}, bold));
    else if (italic) nodes.push(h("em", {}, italic));
    else if (code) nodes.push(h("code", {}, code));
    else {
      const href = safeHref(address);
      nodes.push(href ? h("a", { href, target: "_blank", rel: "noopener noreferrer" }, label) : whole);
    }
    last = match.index + whole.length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}

/** The blocks of a Markdown text as elements. */
export function renderMarkdown(text) {
  const blocks = [];
  let paragraph = [];
  let list = null;
  const flushParagraph = () => {
    if (paragraph.length) {
      blocks.push(h("p", {}, paragraph.flatMap((line, index) => (index ? [h("br"), ...inline(line)] : inline(line)))));
    }
    paragraph = [];
  };
  const flushList = () => {
    if (list) blocks.push(list.element);
    list = null;
  };
  for (const raw of text.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.trim();
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    const bullet = /^[-*+•]\s+(.*)$/.exec(line);
    const numbered = /^\d+(?:[.)]\s+|、)(.*)$/.exec(line);
    if (!line) {
      flushParagraph();
      flushList();
    } else if (heading) {
      flushParagraph();
      flushList();
      blocks.push(h(`h${Math.min(heading[1].length + 2, 6)}`, {}, inline(heading[2])));
    } else if (bullet || numbered) {
      flushParagraph();
      const kind = bullet ? "ul" : "ol";
      if (list?.kind !== kind) {
        flushList();
        list = { kind, element: h(kind) };
      }
      list.element.append(h("li", {}, inline((bullet ?? numbered)[1])));
    } else {
      flushList();
      paragraph.push(line);
    }
  }
  flushParagraph();
  flushList();
  return blocks;
}
