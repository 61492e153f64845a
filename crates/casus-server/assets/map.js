// The world map: country shapes from a TopoJSON file drawn once as SVG
// paths, in plate carrée with one SVG unit to the degree (x = lon + 180,
// y = 90 - lat), so that zooming and panning only move the viewBox. The
// events come as the server's grid of cells, fetched again for the part
// of the world in view at a cell size that suits the zoom.

const SVG = "http://www.w3.org/2000/svg";
// Latitudes shown when the whole world is in view: 84°N to 60°S.
const WORLD = { x: 0, y: 6, w: 360, h: 144 };
const MIN_WIDTH = 0.5; // degrees across at the closest zoom

function el(name, attrs = {}) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

// TopoJSON arcs, quantized and delta-encoded, as lists of [lon, lat].
function decodeArcs(topo) {
  const [sx, sy] = topo.transform.scale;
  const [tx, ty] = topo.transform.translate;
  return topo.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => {
      x += dx; y += dy;
      return [x * sx + tx, y * sy + ty];
    });
  });
}

// One SVG path for a geometry's rings. An arc index below zero is the
// arc ~i, read backwards. A ring that crosses the antimeridian (a jump
// of more than 180° of longitude) is drawn as open pieces from one
// crossing to the next, so that no line runs across the world; a fill
// closes each piece along the map's edge. Antarctica's edge along the
// south pole is left undrawn the same way.
function geometryPath(g, arcs) {
  const xy = ([lon, lat]) => `${(lon + 180).toFixed(3)},${(90 - lat).toFixed(3)}`;
  const ring = (indices) => {
    let pts = [];
    for (const i of indices) {
      const a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
      for (let k = pts.length ? 1 : 0; k < a.length; k++) pts.push(a[k]);
    }
    // A crossing, or a step along the south pole's edge of the map
    // (Antarctica's ring runs along it): neither is a coast to draw.
    const pole = (k) => pts[k][1] < -89.9 && pts[k - 1][1] < -89.9;
    const jump = (k) => Math.abs(pts[k][0] - pts[k - 1][0]) > 180 || pole(k);
    let first = -1;
    for (let k = 1; k < pts.length && first < 0; k++) if (jump(k)) first = k;
    if (first < 0) return "M" + pts.map(xy).join("L") + "Z";
    // Start at a crossing: the ring's last point repeats its first.
    pts = pts.slice(first).concat(pts.slice(1, first));
    let d = "M" + xy(pts[0]);
    for (let k = 1; k < pts.length; k++) d += (jump(k) ? "M" : "L") + xy(pts[k]);
    return d;
  };
  const polygons = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
  return polygons.map((rings) => rings.map(ring).join("")).join("");
}

export class WorldMap {
  // `onView({bbox, cell})` asks for markers; `onPick(cell)` is a click
  // on a marker; `color(type)` colours them.
  constructor(container, { onView, onPick, color }) {
    this.container = container;
    this.color = color;
    this.onView = onView;
    this.onPick = onPick;
    this.view = { ...WORLD };
    this.svg = el("svg", { role: "img" });
    this.land = el("g");
    this.markers = el("g");
    this.svg.append(this.land, this.markers);
    container.append(this.svg);
    this.cells = [];
    this.listen();
    new ResizeObserver(() => this.apply()).observe(container);
  }

  async loadShapes(url) {
    const topo = await (await fetch(url)).json();
    const arcs = decodeArcs(topo);
    const frag = document.createDocumentFragment();
    for (const g of topo.objects.countries.geometries) {
      const p = el("path", { d: geometryPath(g, arcs), class: "land" });
      const t = el("title");
      t.textContent = g.properties?.name ?? "";
      p.append(t);
      frag.append(p);
    }
    this.land.append(frag);
  }

  // Pixels per degree at the current zoom.
  scale() {
    const r = this.svg.getBoundingClientRect();
    if (!r.width || !r.height) return 1;
    return Math.min(r.width / this.view.w, r.height / this.view.h);
  }

  // The view as "lon,lat,width" (for the URL), and back.
  get state() {
    const v = this.view;
    const lon = v.x + v.w / 2 - 180, lat = 90 - (v.y + v.h / 2);
    return `${lon.toFixed(2)},${lat.toFixed(2)},${v.w.toFixed(2)}`;
  }
  set state(s) {
    const [lon, lat, w] = (s || "").split(",").map(Number);
    if (![lon, lat, w].every(Number.isFinite)) return;
    this.zoomTo(lon, lat, w);
  }

  zoomTo(lon, lat, width) {
    const w = Math.min(WORLD.w, Math.max(MIN_WIDTH, width));
    const h = (w * WORLD.h) / WORLD.w;
    this.view = { x: lon + 180 - w / 2, y: 90 - lat - h / 2, w, h };
    this.clamp();
    this.apply();
    this.changed();
  }

  clamp() {
    const v = this.view;
    v.w = Math.min(WORLD.w, Math.max(MIN_WIDTH, v.w));
    v.h = (v.w * WORLD.h) / WORLD.w;
    v.x = Math.min(360 - v.w, Math.max(0, v.x));
    v.y = Math.min(180 - v.h, Math.max(0, v.y));
  }

  apply() {
    const v = this.view;
    this.svg.setAttribute("viewBox", `${v.x} ${v.y} ${v.w} ${v.h}`);
    this.svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    this.drawMarkers();
  }

  // Zoom by `factor` (>1 is closer) keeping the point (px, py) of the
  // SVG in place.
  zoom(factor, px, py) {
    const v = this.view;
    const fx = px ?? v.x + v.w / 2, fy = py ?? v.y + v.h / 2;
    const w = Math.min(WORLD.w, Math.max(MIN_WIDTH, v.w / factor));
    const k = w / v.w;
    this.view = { x: fx - (fx - v.x) * k, y: fy - (fy - v.y) * k, w, h: v.h * k };
    this.clamp();
    this.apply();
    this.changed();
  }

  reset() {
    this.view = { ...WORLD };
    this.apply();
    this.changed();
  }

  // The SVG point (degrees) under a mouse event.
  point(ev) {
    const m = this.svg.getScreenCTM();
    if (!m) return [this.view.x, this.view.y];
    const p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(m.inverse());
    return [p.x, p.y];
  }

  listen() {
    this.svg.addEventListener("wheel", (ev) => {
      ev.preventDefault();
      const [x, y] = this.point(ev);
      this.zoom(ev.deltaY < 0 ? 1.5 : 1 / 1.5, x, y);
    }, { passive: false });
    let drag = null;
    this.svg.addEventListener("pointerdown", (ev) => {
      if (ev.target.classList?.contains("marker")) return;
      drag = { x: ev.clientX, y: ev.clientY, view: { ...this.view }, moved: false };
      this.svg.setPointerCapture(ev.pointerId);
      this.container.classList.add("dragging");
    });
    this.svg.addEventListener("pointermove", (ev) => {
      if (!drag) return;
      const k = this.scale();
      const dx = (ev.clientX - drag.x) / k, dy = (ev.clientY - drag.y) / k;
      if (Math.abs(dx) + Math.abs(dy) > 0) drag.moved = true;
      this.view = { ...drag.view, x: drag.view.x - dx, y: drag.view.y - dy };
      this.clamp();
      this.apply();
    });
    const end = () => {
      if (drag?.moved) this.changed();
      drag = null;
      this.container.classList.remove("dragging");
    };
    this.svg.addEventListener("pointerup", end);
    this.svg.addEventListener("pointercancel", end);
    this.svg.addEventListener("dblclick", (ev) => {
      const [x, y] = this.point(ev);
      this.zoom(2, x, y);
    });
  }

  // The bounds in view (WEST,SOUTH,EAST,NORTH) and a cell size: about 50
  // cells across, a power of two in degrees so that cells nest.
  request() {
    const v = this.view;
    const west = Math.max(-180, v.x - 180), east = Math.min(180, v.x + v.w - 180);
    const north = Math.min(90, 90 - v.y), south = Math.max(-90, 90 - v.y - v.h);
    const cell = Math.pow(2, Math.round(Math.log2(v.w / 50)));
    const bbox = v.w >= 359.9 ? null : [west, south, east, north].map((n) => n.toFixed(4)).join(",");
    return { bbox, cell };
  }

  changed() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.onView(this.request()), 200);
  }

  // The server's grid: its cells, `cell` degrees a side.
  setCells(cells, cell) {
    this.cells = cells;
    this.cell = cell;
    this.drawMarkers();
  }

  drawMarkers() {
    const k = this.scale();
    // Radius in pixels: grows with the events and, more, with the dead,
    // but stays within about its cell so that neighbours stay apart.
    const most = Math.max(5, Math.min(28, 0.7 * (this.cell || 1) * k));
    const radius = (c) => Math.min(most, 4 + 1.6 * Math.sqrt(c.events - 1) + 2.2 * Math.sqrt(c.fatalities));
    // The largest drawn first, so that small ones stay on top.
    const cells = this.cells.map((c) => [radius(c), c]).sort((a, b) => b[0] - a[0]);
    const frag = document.createDocumentFragment();
    for (const [px, c] of cells) {
      const cx = c.lon + 180, cy = 90 - c.lat;
      const dot = el("circle", {
        cx, cy, r: px / k, class: "marker", fill: this.color(c.event_type),
        "data-type": c.event_type, "data-events": c.events,
      });
      if (c.id) dot.setAttribute("data-id", c.id);
      const t = el("title");
      const kinds = Object.entries(c.types).map(([t, n]) => `${n} ${t}`).join(", ");
      t.textContent = `${c.events} event${c.events === 1 ? "" : "s"}, ${c.fatalities} killed: ${kinds}`;
      dot.append(t);
      dot.addEventListener("click", (ev) => {
        ev.stopPropagation();
        this.onPick(c);
      });
      frag.append(dot);
      if (c.events > 1 && px >= 9) {
        const label = el("text", { x: cx, y: cy, class: "count", "font-size": 10 / k });
        label.textContent = c.events;
        frag.append(label);
      }
    }
    this.markers.replaceChildren(frag);
  }
}
