// An event's chain as a small graph: what it answers to the left (the
// earliest furthest), what answers it to the right, each event a dot in
// its type's colour with its date and type, each link a line. Choosing
// a dot opens that event.

const SVG = "http://www.w3.org/2000/svg";
const COL = 150; // px between steps
const ROW = 44; // px between events of one step

function el(name, attrs = {}, text) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// Places the events of `links` at step `step` (negative: back), each
// under its parent; returns the placed nodes and edges.
function place(links, step, parent, cols, nodes, edges) {
  for (const l of links) {
    const col = cols.get(step) || 0;
    cols.set(step, col + 1);
    const node = { event: l.event, step, row: col };
    nodes.push(node);
    edges.push([parent, node]);
    place(l.next, step + Math.sign(step), node, cols, nodes, edges);
  }
}

// The SVG of `chain` (GET /api/events/{id}/chain), or null when the
// event answers nothing and nothing answers it.
export function chainGraph(chain, color, onOpen) {
  if (!chain.answers.length && !chain.answered_by.length) return null;
  const root = { event: chain.event, step: 0, row: 0 };
  const nodes = [root];
  const edges = [];
  const cols = new Map([[0, 1]]);
  place(chain.answers, -1, root, cols, nodes, edges);
  place(chain.answered_by, 1, root, cols, nodes, edges);
  const steps = nodes.map((n) => n.step);
  const lo = Math.min(...steps);
  const hi = Math.max(...steps);
  const rows = Math.max(...cols.values());
  const x = (n) => 70 + (n.step - lo) * COL;
  const y = (n) => 18 + n.row * ROW;
  const svg = el("svg", {
    class: "chain",
    viewBox: `0 0 ${140 + (hi - lo) * COL} ${rows * ROW + 16}`,
    role: "img",
    "aria-label": "The events this one answers and those that answer it",
  });
  for (const [a, b] of edges) {
    svg.append(el("line", { x1: x(a), y1: y(a), x2: x(b), y2: y(b), class: "link" }));
  }
  for (const n of nodes) {
    const g = el("g", { class: n === root ? "node root" : "node", "data-id": n.event.id, tabindex: 0 });
    const dot = el("circle", { cx: x(n), cy: y(n), r: n === root ? 8 : 6 });
    dot.style.fill = color(n.event.event_type);
    g.append(
      dot,
      el("text", { x: x(n), y: y(n) + 18, "text-anchor": "middle" }, `${n.event.date || "?"} ${n.event.event_type}`),
      el("title", {}, n.event.id),
    );
    if (n !== root) {
      g.addEventListener("click", () => onOpen(n.event.id));
      g.addEventListener("keydown", (ev) => ev.key === "Enter" && onOpen(n.event.id));
    }
    svg.append(g);
  }
  return svg;
}
