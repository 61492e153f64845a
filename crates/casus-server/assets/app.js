// The page: filters kept in the URL, a map and a timeline of what they
// select, the list of events, one event's reports with their evidence
// and its chain, a dyad's escalation line and the alerts, and a form to
// paste an article. Everything comes from this server's
// API; nothing is fetched from elsewhere.

import { WorldMap } from "./map.js";
import { Timeline } from "./timeline.js";
import { chainGraph } from "./chain.js";
import { DyadChart } from "./dyad.js";

// PLOVER types: cooperation in greens and blues, conflict in warm
// colours, violence in red.
const COLORS = {
  AGREE: "#2e7d32", CONSULT: "#43a047", SUPPORT: "#7cb342", CONCEDE: "#9e9d24",
  COOPERATE: "#00897b", AID: "#26a69a", RETREAT: "#5c6bc0", REQUEST: "#1e88e5",
  ACCUSE: "#8e24aa", REJECT: "#6a1b9a", THREATEN: "#f9a825", PROTEST: "#0277bd",
  SANCTION: "#6d4c41", MOBILIZE: "#fb8c00", COERCE: "#e65100", ASSAULT: "#c62828",
};
const color = (t) => COLORS[t] || "#78909c";
const PAGE = 50;
const FILTERS = ["type", "country", "actor", "text", "since", "until"];

const $ = (id) => document.getElementById(id);
const state = { type: [], country: "", actor: "", text: "", since: "", until: "", event: "", view: "", dyad: "", a: "", b: "" };
const KEPT = ["country", "actor", "text", "since", "until", "event", "view", "dyad", "a", "b"];
let meta = { types: [], countries: {} };
let next = null; // the cursor of the list's next page
let loads = 0; // which reload is current; older answers are dropped

// Elements with text, never HTML: what the store holds came from
// articles, and is shown as text.
function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

// After this page writes, its reads skip the server's kept answers
// until those are older than the write (GET /api/meta gives how long
// the server keeps them), so that the write shows at once.
let freshUntil = 0;

async function api(path, options = {}) {
  if (!options.method && Date.now() < freshUntil) {
    options = { ...options, headers: { ...options.headers, "Cache-Control": "no-cache" } };
  }
  const r = await fetch(path, options);
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body?.error?.message || `${r.status} ${r.statusText}`);
  return body;
}

// --- the URL ---------------------------------------------------------

function readURL() {
  const q = new URLSearchParams(location.search);
  state.type = (q.get("type") || "").split(",").map((t) => t.trim().toUpperCase()).filter(Boolean);
  for (const k of KEPT) state[k] = q.get(k) || "";
}

function writeURL() {
  const q = new URLSearchParams();
  if (state.type.length) q.set("type", state.type.join(","));
  for (const k of KEPT) if (state[k]) q.set(k, state[k]);
  const url = q.toString() ? `?${q}` : location.pathname;
  history.replaceState(null, "", url);
}

// The filters as an API query.
function filterQuery(extra = {}) {
  const q = new URLSearchParams();
  if (state.type.length) q.set("type", state.type.join(","));
  for (const k of FILTERS.slice(1)) if (state[k]) q.set(k, state[k]);
  for (const [k, v] of Object.entries(extra)) if (v !== null && v !== undefined) q.set(k, v);
  return q.toString();
}

// --- filters ---------------------------------------------------------

function showFilters() {
  $("f-country").value = state.country;
  $("f-actor").value = state.actor;
  $("f-text").value = state.text;
  for (const b of $("types").children) b.classList.toggle("on", !state.type.length || state.type.includes(b.dataset.type));
  const dated = state.since || state.until;
  $("f-dates").hidden = !dated;
  $("f-dates-text").textContent = dated ? `${state.since || "…"} to ${state.until || "…"}` : "";
}

function setFilter(changes) {
  Object.assign(state, changes, { event: "" });
  writeURL();
  showFilters();
  reload();
}

function buildFilters() {
  const types = $("types");
  for (const t of meta.types) {
    const b = h("button", { type: "button", "data-type": t, title: `Show only ${t}; again to show all` }, t);
    b.style.setProperty("--c", color(t));
    b.addEventListener("click", () => {
      // One type alone; clicking it again shows all.
      const only = state.type.length === 1 && state.type[0] === t;
      setFilter({ type: only ? [] : [t] });
    });
    types.append(b);
  }
  const names = Object.entries(meta.countries).sort((a, b) => a[1].localeCompare(b[1]));
  for (const [code, name] of names) $("f-country").append(h("option", { value: code }, `${name} (${code})`));
  $("f-country").addEventListener("change", (e) => setFilter({ country: e.target.value }));
  $("f-actor").addEventListener("change", (e) => setFilter({ actor: e.target.value.trim() }));
  $("f-text").addEventListener("change", (e) => setFilter({ text: e.target.value.trim() }));
  $("filters").addEventListener("submit", (e) => e.preventDefault());
  $("f-dates-clear").addEventListener("click", () => setFilter({ since: "", until: "" }));
  $("f-reset").addEventListener("click", () => setFilter({ type: [], country: "", actor: "", text: "", since: "", until: "" }));
  let timer;
  $("f-actor").addEventListener("input", (e) => {
    clearTimeout(timer);
    const q = e.target.value.trim();
    if (!q) return;
    timer = setTimeout(async () => {
      try {
        const { actors } = await api(`/api/actors?${new URLSearchParams({ q, limit: 12 })}`);
        $("actor-names").replaceChildren(...actors.map((a) => h("option", { value: a.name }, `${a.events} events`)));
      } catch { /* completion is a help, not a need */ }
    }, 150);
  });
}

// --- loading ---------------------------------------------------------

async function reload() {
  const mine = ++loads;
  const current = () => mine === loads;
  await Promise.all([loadStats(current), loadMap(current), loadList(current, false), loadDyad(current)]);
  if (current() && state.event) openEvent(state.event);
  document.body.dataset.loaded = String(mine);
}

async function loadStats(current) {
  try {
    const s = await api(`/api/stats?${filterQuery()}`);
    if (!current()) return;
    timeline.set(s.timeline);
    $("summary").textContent = `${s.events.toLocaleString()} events · ${s.articles.toLocaleString()} articles in the store`;
    $("summary").dataset.events = s.events;
  } catch (e) {
    $("summary").replaceChildren(h("span", { class: "error" }, e.message));
  }
}

async function loadMap(current, view = worldMap.request()) {
  try {
    const g = await api(`/api/map?${filterQuery({ bbox: view.bbox, cell: view.cell, max_cells: 3000 })}`);
    if (!current()) return;
    worldMap.setCells(g.cells, g.cell);
  } catch (e) {
    $("summary").replaceChildren(h("span", { class: "error" }, e.message));
  }
}

async function loadList(current, more) {
  const list = $("events");
  try {
    const page = await api(`/api/events?${filterQuery({ limit: PAGE, cursor: more ? next : null })}`);
    if (!current()) return;
    if (!more) list.replaceChildren();
    list.append(...page.events.map(eventItem));
    next = page.next;
    $("more").hidden = !next;
  } catch (e) {
    list.replaceChildren(h("li", { class: "error" }, e.message));
  }
}

const place = (l) => [l?.name, l?.country && l.country !== l.name ? l.country : null].filter(Boolean).join(", ");
const actor = (a) => a?.name || a?.country || "?";

function eventItem(e) {
  const badge = h("span", { class: "badge" }, e.event_type);
  badge.style.setProperty("--c", color(e.event_type));
  return h("li", { "data-id": e.id, onclick: () => openEvent(e.id) },
    h("div", { class: "head" },
      h("span", { class: "date" }, e.date || "no date"), badge,
      e.fatalities ? h("span", { class: "killed" }, `${e.fatalities} killed`) : null),
    h("div", { class: "who" }, `${actor(e.source)} → ${actor(e.target)}`),
    h("div", { class: "where" }, place(e.location) || "place unknown",
      e.num_reports > 1 ? ` · ${e.num_reports} reports` : ""));
}

// --- one event -------------------------------------------------------

// The evidence sentence with the trigger, actors, place and date marked.
// Offsets are bytes of the article's text (UTF-8); the sentence starts
// at evidence.start.
function evidence(record) {
  const ev = record.evidence;
  const box = h("blockquote", { class: "evidence" });
  box.style.setProperty("--c", color(record.event_type));
  if (!ev?.text) return box;
  const bytes = new TextEncoder().encode(ev.text);
  const decode = (a, b) => new TextDecoder().decode(bytes.slice(a, b));
  const spans = [
    ["trigger", record.trigger, "what happened"],
    ["source", record.source, "who did it"],
    ["target", record.target, "to whom"],
    ["location", record.location, "where"],
    ["when", record.date_evidence, "when"],
  ]
    .filter(([, s]) => s && Number.isInteger(s.start) && s.start >= ev.start && s.end <= ev.start + bytes.length && s.end > s.start)
    .map(([kind, s, what]) => ({ kind, what, a: s.start - ev.start, b: s.end - ev.start }))
    .sort((x, y) => x.a - y.a);
  let at = 0;
  for (const s of spans) {
    if (s.a < at) continue; // overlaps the one before
    box.append(decode(at, s.a), h("mark", { class: s.kind, title: s.what }, decode(s.a, s.b)));
    at = s.b;
  }
  box.append(decode(at, bytes.length));
  return box;
}

const legend = () => h("div", { class: "legend" },
  ...[["trigger", "what happened"], ["source", "who"], ["target", "to whom"], ["location", "where"], ["when", "when"]]
    .map(([k, t]) => h("mark", { class: k }, t)));

function report(r, record) {
  const title = r.title || record.article_id;
  return h("div", { class: "report", "data-report": record.id },
    h("div", {}, r.url ? h("a", { href: r.url, rel: "noopener noreferrer", target: "_blank" }, title) : h("strong", {}, title)),
    h("div", { class: "src" }, [r.outlet, r.article_date, record.attribution?.speaker ? `said by ${record.attribution.speaker}` : null].filter(Boolean).join(" · ")),
    evidence(record));
}

async function openEvent(id) {
  const box = $("detail");
  state.event = id;
  writeURL();
  for (const li of $("events").children) li.classList.toggle("chosen", li.dataset.id === id);
  try {
    const { event: e, reports } = await api(`/api/events/${encodeURIComponent(id)}`);
    const badge = h("span", { class: "badge" }, e.event_type);
    badge.style.setProperty("--c", color(e.event_type));
    const row = (k, v) => (v === null || v === undefined || v === "" ? [] : [h("dt", {}, k), h("dd", {}, v)]);
    box.replaceChildren(
      h("button", { type: "button", class: "close", onclick: closeEvent }, "Back to the list"),
      h("h2", {}, badge, " ", `${actor(e.source)} → ${actor(e.target)}`),
      h("dl", {},
        row("Date", e.date), row("Place", place(e.location)),
        row("Coordinates", e.location?.lat != null ? `${e.location.lat.toFixed(3)}, ${e.location.lon.toFixed(3)} (${e.location.precision})` : null),
        row("Mode", e.mode), row("Killed", e.fatalities), row("Injured", e.injuries),
        row("CAMEO", e.cameo ? `${e.cameo} (Goldstein ${e.goldstein})` : null),
        row("ACLED", e.acled_event_type ? `${e.acled_event_type}: ${e.acled_sub_event_type}` : null),
        row("Reports", `${e.num_reports} from ${e.num_articles} articles, ${e.num_sources} outlets`),
        row("Event id", e.id)),
      legend(),
      ...reports.map((r) => report(r, r.record)));
    box.hidden = false;
    box.scrollTop = 0;
    // Its chain, when it has one: drawn above the reports.
    const chain = await api(`/api/events/${encodeURIComponent(id)}/chain?depth=4`);
    const graph = state.event === id ? chainGraph(chain, color, openEvent) : null;
    if (graph) box.querySelector("dl").after(h("section", { class: "chain-box" }, h("h3", {}, "Answers and answered by"), graph));
  } catch (err) {
    box.replaceChildren(h("button", { type: "button", class: "close", onclick: closeEvent }, "Back"), h("p", { class: "error" }, err.message));
    box.hidden = false;
  }
}

function closeEvent() {
  $("detail").hidden = true;
  state.event = "";
  writeURL();
}

// --- dyads and alerts --------------------------------------------------

// A side as the API gives it ({"Country": "RUS"} or {"Actor": "Hamas"}),
// named for people, and as the API takes it.
const sideCode = (s) => s.Country || s.Actor || "";
const sideName = (s) => (s.Country ? `${meta.countries[s.Country] || s.Country} (${s.Country})` : s.Actor || "?");

// Shows the dyad view in place of the map and the timeline, or back.
function showPane() {
  const open = Boolean(state.dyad);
  $("map").hidden = open;
  $("timeline").hidden = open;
  $("dyad").hidden = !open;
  $("open-dyad").setAttribute("aria-pressed", String(open));
  $("d-a").value = state.a;
  $("d-b").value = state.b;
}

function setDyad(changes) {
  Object.assign(state, changes);
  writeURL();
  showPane();
  if (state.dyad) loadDyad(() => true);
}

let dyadLoads = 0;

// The alerts in the date range, and the chosen dyad's series.
async function loadDyad(current) {
  if (!state.dyad) return;
  const mine = ++dyadLoads;
  const fresh = () => current() && mine === dyadLoads;
  const dates = {};
  for (const k of ["since", "until"]) if (state[k]) dates[k] = state[k];
  const pair = state.a && state.b;
  try {
    const [alerts, series] = await Promise.all([
      api(`/api/alerts?${new URLSearchParams(dates)}`),
      pair ? api(`/api/dyads?${new URLSearchParams({ a: state.a, b: state.b, ...dates })}`) : null,
    ]);
    if (!fresh()) return;
    showAlerts(alerts);
    showSeries(series);
  } catch (e) {
    if (fresh()) $("dyad-summary").replaceChildren(h("span", { class: "error" }, e.message));
  }
  if (fresh()) $("dyad").dataset.loaded = String(mine);
}

function showSeries(s) {
  const box = $("dyad-summary");
  if (!s) {
    dyadChart.set(null);
    box.textContent = "Choose two sides, or an alert below.";
    return;
  }
  dyadChart.set(s);
  const sum = (f) => s.days.reduce((a, d) => a + f(d), 0);
  const one = (n, what) => `${n.toLocaleString()} ${what}${n === 1 ? "" : "s"}`;
  const span = s.days.length ? `, ${s.days[0].date} to ${s.days[s.days.length - 1].date}` : "";
  box.replaceChildren(
    h("strong", {}, `${sideName(s.a)} and ${sideName(s.b)}`),
    `${span}: ${one(sum((d) => d.events), "event")}, conflict ${sum((d) => d.conflict).toFixed(1)}, `
      + `cooperation ${sum((d) => d.cooperation).toFixed(1)}, ${sum((d) => d.fatalities).toLocaleString()} killed, `
      + one(s.alerts.length, "alert")
      + (s.marks.length < s.marks_total ? ` (the ${s.marks.length.toLocaleString()} most violent of its events marked)` : ""),
  );
  box.dataset.events = s.marks_total;
}

function showAlerts({ rule, alerts }) {
  $("alerts-rule").textContent = `a day's conflict at least ${rule.min_score} and ${rule.k} standard deviations above its ${rule.window} days before`;
  const items = alerts.slice(0, 200).map((a) => {
    const chosen = [sideCode(a.a), sideCode(a.b)].sort().join() === [state.a, state.b].map((x) => x.toUpperCase()).sort().join();
    return h("li", {
      "data-a": sideCode(a.a), "data-b": sideCode(a.b), "data-date": a.date, class: chosen ? "chosen" : null,
      onclick: () => setDyad({ a: sideCode(a.a), b: sideCode(a.b) }),
      title: "Chart this pair",
    },
    h("span", { class: "date" }, a.date),
    h("span", { class: "pair" }, `${sideName(a.a)} – ${sideName(a.b)}`),
    `conflict ${a.conflict.toFixed(1)} against ${a.baseline.toFixed(1)} ± ${a.spread.toFixed(1)}; `
      + `${a.events} event${a.events === 1 ? "" : "s"}${a.fatalities ? `, ${a.fatalities} killed` : ""}`);
  });
  if (!items.length) items.push(h("li", { class: "hint" }, "No alerts in these dates."));
  $("alerts").replaceChildren(...items);
}

function buildDyad() {
  const names = Object.entries(meta.countries).sort((a, b) => a[1].localeCompare(b[1]));
  $("side-names").replaceChildren(...names.map(([code, name]) => h("option", { value: code }, name)));
  $("open-dyad").addEventListener("click", () => setDyad({ dyad: state.dyad ? "" : "1" }));
  $("dyad-form").addEventListener("submit", (e) => {
    e.preventDefault();
    setDyad({ a: $("d-a").value.trim(), b: $("d-b").value.trim() });
  });
}

// --- pasting an article ----------------------------------------------

function buildPaste() {
  const dialog = $("paste");
  $("p-token").value = sessionStorage.getItem("casus-token") || "";
  $("open-paste").addEventListener("click", () => dialog.showModal());
  $("p-close").addEventListener("click", () => dialog.close());
  $("paste-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const out = $("p-result");
    const token = $("p-token").value.trim();
    sessionStorage.setItem("casus-token", token);
    const article = { text: $("p-text").value };
    for (const [k, id] of [["title", "p-title"], ["date", "p-date"], ["outlet", "p-outlet"]]) {
      if ($(id).value.trim()) article[k] = $(id).value.trim();
    }
    out.replaceChildren(h("p", { class: "hint" }, "Extracting…"));
    try {
      const r = await api("/api/articles", {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
        body: JSON.stringify(article),
      });
      freshUntil = Date.now() + 1000 * (meta.limits?.cache_seconds ?? 1) + 500;
      const a = r.articles[0];
      const records = a.events;
      out.replaceChildren(
        h("p", {}, `${records.length} event${records.length === 1 ? "" : "s"} found (${a.status} article ${a.id}).`),
        records.length ? legend() : null,
        ...records.map((rec) => report({ title: `${rec.event_type}: ${actor(rec.source)} → ${actor(rec.target)}`, article_date: rec.date }, rec)));
      reload();
    } catch (e) {
      out.replaceChildren(h("p", { class: "error" }, e.message));
    }
  });
}

// --- start -------------------------------------------------------------

const worldMap = new WorldMap($("map"), {
  onView: (view) => {
    state.view = worldMap.state;
    writeURL();
    loadMap(() => true, view);
  },
  onPick: (cell) => {
    if (cell.id) openEvent(cell.id);
    else worldMap.zoomTo(cell.lon, cell.lat, Math.max(1, worldMap.view.w / 4));
  },
  color,
});
const dyadChart = new DyadChart($("dyad-chart"), {
  color,
  onOpen: (id) => openEvent(id),
});
const timeline = new Timeline($("timeline"), {
  color,
  onRange: (since, until) => setFilter({ since, until }),
});

$("zoom-in").addEventListener("click", () => worldMap.zoom(2));
$("zoom-out").addEventListener("click", () => worldMap.zoom(0.5));
$("zoom-reset").addEventListener("click", () => worldMap.reset());
$("more").addEventListener("click", () => loadList(() => true, true));
addEventListener("popstate", () => { readURL(); showFilters(); showPane(); reload(); });

async function start() {
  readURL();
  meta = await api("/api/meta");
  $("version").textContent = meta.version;
  $("open-paste").hidden = !meta.writable;
  buildFilters();
  buildPaste();
  buildDyad();
  showFilters();
  showPane();
  await worldMap.loadShapes("/assets/countries-50m.json");
  if (state.view) {
    worldMap.state = state.view;
    clearTimeout(worldMap.timer);
  }
  reload();
}

start().catch((e) => $("summary").replaceChildren(h("span", { class: "error" }, `The page could not start: ${e.message}`)));
