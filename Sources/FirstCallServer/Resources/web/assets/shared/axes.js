// Axes for the planner's SVG charts: a value scale on the left (0, the middle and the top, with
// grid lines) and time labels along the bottom, so a chart reads without hovering.

const svgNamespace = "http://www.w3.org/2000/svg";

/** An SVG element with attributes. */
export function svgNode(tag, attributes = {}) {
  const node = document.createElementNS(svgNamespace, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

/** Where a chart draws: the plot inside margins for the scale and the time labels. */
export function plotArea(width, height) {
  return { left: 44, top: 8, width: width - 52, height: height - 32 };
}

/**
 * Draws the value scale up to `maximum` and the `times` ({index, label}) of `count` points along
 * the bottom into `svg`, for the plot `area`.
 */
export function drawAxes(svg, area, maximum, count, times) {
  const group = svgNode("g", { class: "axes", "data-testid": "chart-axes" });
  for (const fraction of [0, 0.5, 1]) {
    const value = maximum * fraction;
    const y = area.top + area.height - fraction * area.height;
    group.append(svgNode("line", { x1: area.left, x2: area.left + area.width, y1: y, y2: y, class: "grid" }));
    const label = svgNode("text", { x: area.left - 6, y: y + 4, "text-anchor": "end", class: "tick", "data-testid": "chart-y-tick" });
    label.textContent = Number.isInteger(value) ? String(value) : value.toFixed(1);
    group.append(label);
  }
  group.append(svgNode("line", { x1: area.left, x2: area.left, y1: area.top, y2: area.top + area.height, class: "axis" }));
  group.append(svgNode("line", {
    x1: area.left, x2: area.left + area.width, y1: area.top + area.height, y2: area.top + area.height, class: "axis",
  }));
  for (const { index, label } of times) {
    const x = area.left + (count <= 1 ? 0 : (index / (count - 1)) * area.width);
    // The first and last labels keep inside the chart.
    const anchor = count > 1 && index === 0 ? "start" : count > 1 && index === count - 1 ? "end" : "middle";
    const text = svgNode("text", { x, y: area.top + area.height + 16, "text-anchor": anchor, class: "tick", "data-testid": "chart-x-tick" });
    text.textContent = label;
    group.append(text);
  }
  svg.prepend(group);
}

/** About `wanted` evenly spread indexes of `count` points, the first and last included. */
export function spreadIndexes(count, wanted = 6) {
  if (count <= 0) return [];
  const step = Math.max(1, Math.round((count - 1) / (wanted - 1)));
  const indexes = [];
  for (let index = 0; index < count; index += step) indexes.push(index);
  if (indexes[indexes.length - 1] !== count - 1) indexes.push(count - 1);
  return indexes;
}
