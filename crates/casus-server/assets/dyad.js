// A dyad's escalation line (GET /api/dyads): the conflict score of each
// day as a line, the cooperation score as a dashed one, every event a
// dot on its day in its type's colour (a click opens it), and the days
// of escalation as red bands.

const SVG = "http://www.w3.org/2000/svg";
const PAD = { left: 40, right: 14, top: 16, bottom: 22 };
const STACK = 7; // px between the dots of one day

function el(name, attrs = {}, text) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

const round = (v) => Math.round(v * 10) / 10;

export class DyadChart {
  // `onOpen(id)` is called when an event's dot is chosen.
  constructor(container, { color, onOpen }) {
    this.container = container;
    this.color = color;
    this.onOpen = onOpen;
    this.svg = el("svg", { role: "img", "aria-label": "Conflict and cooperation between the two sides, by day" });
    container.append(this.svg);
    this.series = null;
    new ResizeObserver(() => this.draw()).observe(container);
  }

  set(series) {
    this.series = series;
    this.draw();
  }

  draw() {
    const { width, height } = this.container.getBoundingClientRect();
    this.svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    this.svg.replaceChildren();
    const s = this.series;
    if (!width || !height || !s) return;
    if (!s.days.length) {
      this.svg.append(el("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty" }, "No events between them"));
      return;
    }
    const days = s.days;
    const index = new Map(days.map((d, i) => [d.date, i]));
    const w = width - PAD.left - PAD.right, h = height - PAD.top - PAD.bottom;
    const bw = w / days.length;
    const top = Math.max(1, ...days.map((d) => Math.max(d.conflict, d.cooperation)));
    const x = (i) => PAD.left + (i + 0.5) * bw;
    const y = (v) => PAD.top + h - (v / top) * h;

    // The alerts under everything else.
    for (const a of s.alerts) {
      const i = index.get(a.date);
      if (i === undefined) continue;
      const band = el("rect", {
        class: "alert", "data-date": a.date,
        x: x(i) - Math.max(bw, 6) / 2, y: PAD.top - 12, width: Math.max(bw, 6), height: h + 12,
      });
      band.append(el("title", {}, `${a.date}: an alert. Conflict ${round(a.conflict)}, against ${round(a.baseline)} ± ${round(a.spread)} over the ${s.rule.window} days before; ${a.events} events, ${a.fatalities} killed`));
      this.svg.append(band, el("text", { class: "alert-sign", x: x(i), y: PAD.top - 3, "text-anchor": "middle" }, "⚠"));
    }

    // The two lines.
    const path = (f) => days.map((d, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(f(d)).toFixed(1)}`).join("");
    this.svg.append(
      el("path", { class: "cooperation-line", d: path((d) => d.cooperation) }),
      el("path", { class: "conflict-line", d: path((d) => d.conflict) }),
    );

    // Each event a dot on its day's line (conflictual events on the
    // conflict line, the rest on the cooperation line), a day's dots
    // stacked upwards.
    const stacked = new Map();
    for (const m of s.marks) {
      const i = index.get(m.date);
      if (i === undefined) continue;
      const day = days[i];
      const hostile = (m.goldstein ?? 0) < 0;
      const key = `${i}${hostile}`;
      const k = stacked.get(key) || 0;
      stacked.set(key, k + 1);
      const cy = Math.max(PAD.top, y(hostile ? day.conflict : day.cooperation) - k * STACK);
      const dot = el("circle", {
        class: "mark", "data-id": m.id, "data-type": m.event_type, "data-date": m.date,
        cx: x(i), cy, r: m.fatalities ? 5 : 3.5, tabindex: 0,
      });
      dot.style.fill = this.color(m.event_type);
      const killed = m.fatalities ? `, ${m.fatalities} killed` : "";
      dot.append(el("title", {}, `${m.date} ${m.event_type} (Goldstein ${m.goldstein ?? "?"}${killed})`));
      dot.addEventListener("click", () => this.onOpen(m.id));
      dot.addEventListener("keydown", (ev) => ev.key === "Enter" && this.onOpen(m.id));
      this.svg.append(dot);
    }

    // Axis: the top score, a few dates, and what the lines are.
    const axis = el("g", { class: "axis" });
    axis.append(
      el("text", { x: PAD.left - 4, y: PAD.top + 4, "text-anchor": "end" }, round(top)),
      el("text", { x: PAD.left - 4, y: PAD.top + h, "text-anchor": "end" }, "0"),
      el("line", { x1: PAD.left, x2: PAD.left + w, y1: PAD.top + h, y2: PAD.top + h, class: "base" }),
    );
    const ticks = Math.min(days.length, Math.max(2, Math.floor(w / 110)));
    for (let t = 0; t < ticks; t++) {
      const i = ticks === 1 ? 0 : Math.round((t * (days.length - 1)) / (ticks - 1));
      const anchor = t === 0 ? "start" : t === ticks - 1 ? "end" : "middle";
      const tx = anchor === "start" ? PAD.left : anchor === "end" ? PAD.left + w : x(i);
      axis.append(el("text", { x: tx, y: height - 5, "text-anchor": anchor }, days[i].date));
    }
    const key = el("g", { class: "key", transform: `translate(${PAD.left + w - 250}, ${PAD.top - 4})` });
    key.append(
      el("line", { x1: 0, x2: 18, y1: 0, y2: 0, class: "conflict-line" }), el("text", { x: 22, y: 4 }, "conflict"),
      el("line", { x1: 80, x2: 98, y1: 0, y2: 0, class: "cooperation-line" }), el("text", { x: 102, y: 4 }, "cooperation"),
      el("rect", { x: 186, y: -5, width: 8, height: 10, class: "alert" }), el("text", { x: 198, y: 4 }, "alert"),
    );
    axis.append(key);
    this.svg.append(axis);
  }
}
