// The timeline: events per day (or month, over long spans) stacked by
// type, as SVG bars. Dragging across it chooses a range of dates.

const SVG = "http://www.w3.org/2000/svg";
const PAD = { left: 34, right: 10, top: 8, bottom: 20 };

function el(name, attrs = {}) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

// Dates as days since 1970 (UTC), and back.
const dayNumber = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +(iso.slice(8, 10) || 1)) / 864e5;
const isoDay = (n) => new Date(n * 864e5).toISOString().slice(0, 10);

// The buckets from the first to the last, none left out: days, or
// months as "YYYY-MM".
function allBuckets(first, last, bucket) {
  const out = [];
  if (bucket === "month") {
    let [y, m] = first.split("-").map(Number);
    const [ly, lm] = last.split("-").map(Number);
    while (y < ly || (y === ly && m <= lm)) {
      out.push(`${y}-${String(m).padStart(2, "0")}`);
      m += 1;
      if (m > 12) { m = 1; y += 1; }
    }
  } else {
    for (let d = dayNumber(first); d <= dayNumber(last); d++) out.push(isoDay(d));
  }
  return out;
}

// The first and last day of a bucket.
function bucketDays(key, bucket) {
  if (bucket !== "month") return [key, key];
  const [y, m] = key.split("-").map(Number);
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return [`${key}-01`, last];
}

export class Timeline {
  // `onRange(since, until)` is called when a range is dragged.
  constructor(container, { color, onRange }) {
    this.container = container;
    this.color = color;
    this.onRange = onRange;
    this.svg = el("svg");
    container.append(this.svg);
    this.data = { bucket: "day", rows: [] };
    this.listen();
    new ResizeObserver(() => this.draw()).observe(container);
  }

  set(timeline) {
    this.data = timeline;
    this.draw();
  }

  draw() {
    const { width, height } = this.container.getBoundingClientRect();
    this.svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const { rows, bucket } = this.data;
    this.svg.replaceChildren();
    this.keys = [];
    if (!rows.length || !width) {
      const t = el("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty" });
      t.textContent = "No dated events";
      this.svg.append(t);
      return;
    }
    const keys = allBuckets(rows[0].day, rows[rows.length - 1].day, bucket);
    const index = new Map(keys.map((k, i) => [k, i]));
    const stacks = keys.map(() => []);
    for (const r of rows) stacks[index.get(r.day)]?.push(r);
    const totals = stacks.map((s) => s.reduce((a, r) => a + r.events, 0));
    const max = Math.max(1, ...totals);
    const w = width - PAD.left - PAD.right, h = height - PAD.top - PAD.bottom;
    const bw = w / keys.length;
    this.keys = keys;
    this.geometry = { x0: PAD.left, bw };
    const bars = el("g");
    keys.forEach((k, i) => {
      let y = PAD.top + h;
      for (const r of stacks[i]) {
        const bh = (r.events / max) * h;
        y -= bh;
        const rect = el("rect", {
          x: PAD.left + i * bw + (bw > 3 ? 0.5 : 0), y, width: Math.max(0.5, bw - (bw > 3 ? 1 : 0)),
          height: bh, fill: this.color(r.event_type), "data-day": k,
        });
        const t = el("title");
        t.textContent = `${k}: ${r.events} ${r.event_type}`;
        rect.append(t);
        bars.append(rect);
      }
    });
    this.svg.append(bars);
    // Axis: the count at the top, and a few dates below.
    const axis = el("g", { class: "axis" });
    const top = el("text", { x: PAD.left - 4, y: PAD.top + 8, "text-anchor": "end" });
    top.textContent = max;
    axis.append(top);
    const ticks = Math.min(keys.length, Math.max(2, Math.floor(w / 110)));
    for (let t = 0; t < ticks; t++) {
      const i = ticks === 1 ? 0 : Math.round((t * (keys.length - 1)) / (ticks - 1));
      const anchor = t === 0 ? "start" : t === ticks - 1 ? "end" : "middle";
      const x = PAD.left + (anchor === "start" ? i * bw : anchor === "end" ? (i + 1) * bw : (i + 0.5) * bw);
      const label = el("text", { x, y: height - 5, "text-anchor": anchor });
      label.textContent = keys[i];
      axis.append(label);
    }
    this.svg.append(axis);
    this.brush = el("rect", { class: "brush", y: PAD.top, height: h, width: 0, visibility: "hidden" });
    this.svg.append(this.brush);
  }

  // The bucket under a pixel offset, clamped to the ends.
  bucketAt(px) {
    const { x0, bw } = this.geometry;
    return Math.min(this.keys.length - 1, Math.max(0, Math.floor((px - x0) / bw)));
  }

  listen() {
    let start = null;
    const offset = (ev) => ev.clientX - this.svg.getBoundingClientRect().left;
    this.svg.addEventListener("pointerdown", (ev) => {
      if (!this.keys?.length) return;
      start = offset(ev);
      this.svg.setPointerCapture(ev.pointerId);
    });
    this.svg.addEventListener("pointermove", (ev) => {
      if (start === null) return;
      const x = offset(ev);
      this.brush.setAttribute("x", Math.min(start, x));
      this.brush.setAttribute("width", Math.abs(x - start));
      this.brush.setAttribute("visibility", "visible");
    });
    this.svg.addEventListener("pointerup", (ev) => {
      if (start === null) return;
      const x = offset(ev), from = start;
      start = null;
      // A click without a drag chooses nothing.
      if (Math.abs(x - from) < 3) {
        this.brush.setAttribute("visibility", "hidden");
        return;
      }
      const a = this.bucketAt(Math.min(from, x)), b = this.bucketAt(Math.max(from, x));
      const bucket = this.data.bucket;
      this.onRange(bucketDays(this.keys[a], bucket)[0], bucketDays(this.keys[b], bucket)[1]);
    });
  }
}
