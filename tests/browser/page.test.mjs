// Drives casus serve's page in headless Chromium and checks what an
// analyst relies on: markers on the map, filters that change the list
// and the map and stay in the URL, the timeline's brush, the evidence
// highlighted, and writes refused without the token.
//
// Run by crates/casus-cli/tests/browser.rs, which seeds a store and
// starts the server. Environment: CASUS_URL (the server), CASUS_TOKEN,
// CASUS_SHOTS (a folder for screenshots), CHROMIUM (default
// /usr/bin/chromium).

import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import assert from "node:assert/strict";

const base = process.env.CASUS_URL;
const token = process.env.CASUS_TOKEN;
const shots = process.env.CASUS_SHOTS || "screenshots";
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
const page = await context.newPage();
const problems = [];
page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
// The refused writes below log their 401 to the console; nothing else may.
page.on("console", (m) => {
  if (m.type() === "error" && !/status of 401/.test(m.text())) problems.push(`console: ${m.text()}`);
});
// Nothing may be fetched from anywhere but the server.
page.on("request", (r) => { if (!r.url().startsWith(base)) problems.push(`request elsewhere: ${r.url()}`); });

let step = 0;
async function shot(name) {
  step += 1;
  await page.screenshot({ path: `${shots}/${String(step).padStart(2, "0")}-${name}.png` });
}

// The page has finished the reload after `before`.
async function loadedAfter(before) {
  await page.waitForFunction((b) => Number(document.body.dataset.loaded || 0) > b, before, { timeout: 15000 });
}
const loads = () => page.evaluate(() => Number(document.body.dataset.loaded || 0));
const summary = async () => Number(await page.getAttribute("#summary", "data-events"));
const listTypes = () => page.$$eval("#events li .badge", (bs) => bs.map((b) => b.textContent));
const listDates = () => page.$$eval("#events li .date", (ds) => ds.map((d) => d.textContent));
const markerTypes = () => page.$$eval("#map circle.marker", (ms) => ms.map((m) => m.dataset.type));
const param = (k) => new URL(page.url()).searchParams.get(k);

async function check(name, body) {
  process.stdout.write(`- ${name} ... `);
  await body();
  console.log("ok");
}

try {
  await check("the page loads and shows markers, the list and the timeline", async () => {
    await page.goto(base);
    await loadedAfter(0);
    await page.waitForSelector("#map path.land");
    await page.waitForSelector("#map circle.marker");
    const markers = await markerTypes();
    assert.ok(markers.length >= 10, `only ${markers.length} markers`);
    assert.ok(new Set(markers).size >= 3, "markers of several types");
    assert.ok((await listTypes()).length > 0, "events listed");
    assert.ok((await page.$$("#timeline rect[data-day]")).length > 0, "timeline bars");
    assert.ok((await summary()) > 0);
    await shot("overview");
  });

  const all = await summary();

  await check("a type filter changes the list, the map and the URL", async () => {
    const before = await loads();
    await page.click('#types button[data-type="PROTEST"]');
    await loadedAfter(before);
    const n = await summary();
    assert.ok(n > 0 && n < all, `${n} protests of ${all}`);
    assert.deepEqual([...new Set(await listTypes())], ["PROTEST"]);
    await page.waitForFunction(() => [...document.querySelectorAll("#map circle.marker")].every((m) => m.dataset.type === "PROTEST"));
    assert.equal(param("type"), "PROTEST");
    await shot("protests");
    // Shared, the URL gives the same view.
    const other = await context.newPage();
    await other.goto(page.url());
    await other.waitForFunction((n) => document.querySelector("#summary")?.dataset.events === String(n), n);
    await other.close();
  });

  await check("a country filter narrows the list", async () => {
    let before = await loads();
    await page.click("#f-reset");
    await loadedAfter(before);
    assert.equal(await summary(), all);
    before = await loads();
    await page.selectOption("#f-country", "UKR");
    await loadedAfter(before);
    const n = await summary();
    assert.ok(n > 0 && n < all, `${n} in Ukraine of ${all}`);
    assert.equal(param("country"), "UKR");
  });

  await check("words and an actor narrow the list; the actor box completes names", async () => {
    let before = await loads();
    await page.click("#f-reset");
    await loadedAfter(before);
    before = await loads();
    await page.fill("#f-text", "tear gas");
    await page.press("#f-text", "Enter");
    await loadedAfter(before);
    const n = await summary();
    assert.ok(n > 0 && n < all, `${n} events say tear gas, of ${all}`);
    assert.equal(param("text"), "tear gas");
    before = await loads();
    await page.fill("#f-text", "");
    await page.press("#f-text", "Enter");
    await loadedAfter(before);
    await page.type("#f-actor", "Russ");
    await page.waitForFunction(() => document.querySelectorAll("#actor-names option").length > 0);
    const first = await page.getAttribute("#actor-names option >> nth=0", "value");
    assert.match(first, /^Russ/i);
    before = await loads();
    await page.fill("#f-actor", first);
    await page.press("#f-actor", "Enter");
    await loadedAfter(before);
    const m = await summary();
    assert.ok(m > 0 && m < all, `${m} events of ${first}`);
    assert.equal(param("actor"), first);
  });

  await check("dragging over the timeline sets the date range", async () => {
    let before = await loads();
    await page.click("#f-reset");
    await loadedAfter(before);
    const box = await page.locator("#timeline svg").boundingBox();
    before = await loads();
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 8 });
    await shot("brushing");
    await page.mouse.up();
    await loadedAfter(before);
    const since = param("since"), until = param("until");
    assert.ok(since && until && since <= until, `range ${since}..${until}`);
    const n = await summary();
    assert.ok(n < all, `${n} of ${all} in ${since}..${until}`);
    for (const d of await listDates()) assert.ok(d >= since && d <= until, `${d} outside ${since}..${until}`);
    assert.ok(await page.isVisible("#f-dates"), "the range is shown");
    await shot("date-range");
    before = await loads();
    await page.click("#f-dates-clear");
    await loadedAfter(before);
    assert.equal(await summary(), all);
  });

  await check("choosing an event shows its evidence highlighted", async () => {
    // An attack with its trigger and place in one sentence.
    let before = await loads();
    await page.click('#types button[data-type="ASSAULT"]');
    await loadedAfter(before);
    await page.click("#events li >> nth=0");
    await page.waitForSelector("#detail:not([hidden]) .evidence");
    const trigger = await page.textContent("#detail .evidence mark.trigger");
    assert.ok(trigger && trigger.length > 1, "the trigger is marked");
    const sentence = await page.textContent("#detail .evidence");
    assert.ok(sentence.includes(trigger));
    assert.ok((await page.$$("#detail .evidence mark")).length >= 2, "the trigger and more are marked");
    assert.ok(param("event"), "the event is in the URL");
    await shot("evidence");
    await page.click("#detail .close");
    before = await loads();
    await page.click('#types button[data-type="ASSAULT"]');
    await loadedAfter(before);
  });

  await check("the map zooms; a cluster zooms in, a lone event opens", async () => {
    const width = () => Number((param("view") || ",,360").split(",")[2]);
    await page.click("#zoom-in");
    await page.click("#zoom-in");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("view"));
    assert.ok(width() < 360, `view ${param("view")}`);
    await page.click("#zoom-reset");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("view")?.endsWith(",360.00"));
    await page.waitForSelector('#map circle.marker[data-events="1"]');
    // A cluster: the view closes in on it.
    await page.locator("#map circle.marker:not([data-id])").first().click({ force: true });
    await page.waitForFunction(() => !new URL(location.href).searchParams.get("view")?.endsWith(",360.00"));
    assert.ok(width() < 360);
    await page.click("#zoom-reset");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("view")?.endsWith(",360.00"));
    // A lone event: its reports open.
    const lone = page.locator("#map circle.marker[data-id]").first();
    const id = await lone.getAttribute("data-id");
    await lone.click({ force: true });
    await page.waitForSelector("#detail:not([hidden]) .evidence");
    assert.equal(param("event"), id);
    await page.click("#detail .close");
  });

  await check("an event's chain is drawn, and a linked event opens from it", async () => {
    // An event that another answers, found through the API.
    const id = await page.evaluate(async () => {
      const { events } = await (await fetch("/api/events?limit=1000")).json();
      for (const e of events) {
        const c = await (await fetch(`/api/events/${encodeURIComponent(e.id)}/chain`)).json();
        if (c.answered_by.length) return e.id;
      }
      return null;
    });
    assert.ok(id, "the development set has an event that another answers");
    await page.goto(`${base}/?event=${encodeURIComponent(id)}`);
    await page.waitForSelector("#detail:not([hidden]) svg.chain g.node.root");
    assert.equal(await page.getAttribute("#detail svg.chain g.node.root", "data-id"), id);
    const others = page.locator("#detail svg.chain g.node:not(.root)");
    assert.ok((await others.count()) >= 1, "a linked event is drawn");
    assert.ok((await page.$$("#detail svg.chain line.link")).length >= 1, "and its link");
    await shot("chain");
    const other = await others.first().getAttribute("data-id");
    await others.first().locator("circle").click();
    await page.waitForFunction((o) => new URL(location.href).searchParams.get("event") === o, other);
    await page.waitForFunction((o) => document.querySelector("#detail svg.chain g.node.root")?.dataset.id === o, other);
    await page.click("#detail .close");
  });

  await check("the dyad view charts a pair's escalation, marks its events and highlights its alerts", async () => {
    await page.goto(base);
    await loadedAfter(0);
    const dyadLoaded = () => page.evaluate(() => Number(document.getElementById("dyad").dataset.loaded || 0));
    await page.click("#open-dyad");
    await page.waitForFunction(() => Number(document.getElementById("dyad").dataset.loaded || 0) > 0);
    assert.equal(param("dyad"), "1");
    assert.ok(await page.isHidden("#map"), "the dyad view takes the map's place");
    // The flare between Russia and Ukraine is an alert; choosing it
    // charts the pair.
    const alert = page.locator('#alerts li[data-date="2024-03-22"]');
    assert.equal(await alert.count(), 1, "the flare is listed as an alert");
    const pair = [await alert.getAttribute("data-a"), await alert.getAttribute("data-b")].sort();
    assert.deepEqual(pair, ["RUS", "UKR"]);
    let before = await dyadLoaded();
    await alert.click();
    await page.waitForFunction((b) => Number(document.getElementById("dyad").dataset.loaded || 0) > b, before);
    assert.deepEqual([param("a"), param("b")].sort(), pair);
    const series = await page.evaluate(async ([a, b]) => (await fetch(`/api/dyads?a=${a}&b=${b}`)).json(), pair);
    assert.ok(series.marks.length >= 2, "the pair has its talks and its shelling");
    await page.waitForSelector("#dyad-chart path.conflict-line");
    await page.waitForSelector("#dyad-chart path.cooperation-line");
    const marks = page.locator("#dyad-chart circle.mark");
    assert.equal(await marks.count(), series.marks.length, "every event is marked");
    assert.deepEqual(await marks.evaluateAll((ms) => ms.map((m) => m.dataset.id)), series.marks.map((m) => m.id));
    // The alert's band covers its day's dots, above the calm days' line.
    const band = await page.locator('#dyad-chart rect.alert[data-date="2024-03-22"]').boundingBox();
    assert.ok(band, "the alert's day is highlighted");
    const flare = series.marks.find((m) => m.date === "2024-03-22" && m.goldstein < 0);
    const dot = await page.locator(`#dyad-chart circle.mark[data-id="${flare.id}"]`).boundingBox();
    const mid = dot.x + dot.width / 2;
    assert.ok(mid >= band.x && mid <= band.x + band.width, `the flare's dot lies in the band (${mid} in ${band.x}+${band.width})`);
    const talks = series.marks.find((m) => m.date === "2024-03-04");
    assert.ok(talks, "the talks are marked");
    const low = await page.locator(`#dyad-chart circle.mark[data-id="${talks.id}"]`).boundingBox();
    assert.ok(dot.y < low.y, "the flare's dot stands above the talks'");
    assert.ok(series.alerts.some((a) => a.date === "2024-03-22"));
    const n = series.alerts.length;
    assert.match(await page.textContent("#dyad-summary"), new RegExp(`\\b${n} alerts?\\b`));
    assert.equal(await page.locator("#dyad-chart rect.alert[data-date]").count(), n, "every alert is highlighted");
    assert.equal(await page.locator("#alerts li.chosen").count(), n, "the pair's alerts are chosen in the list");
    await shot("dyad");
    // A dot opens its event.
    await page.locator(`#dyad-chart circle.mark[data-id="${flare.id}"]`).click();
    await page.waitForFunction((id) => new URL(location.href).searchParams.get("event") === id, flare.id);
    await page.waitForSelector("#detail:not([hidden]) .evidence");
    await page.click("#detail .close");
    // The view is kept in the URL; the form takes the sides either way round.
    await page.reload();
    await page.waitForFunction(() => Number(document.getElementById("dyad").dataset.loaded || 0) > 0);
    await page.waitForSelector("#dyad-chart circle.mark");
    assert.equal(await page.inputValue("#d-a"), param("a"));
    before = await dyadLoaded();
    await page.fill("#d-a", "ukr");
    await page.fill("#d-b", "rus");
    await page.click("#dyad-form button[type=submit]");
    await page.waitForFunction((b) => Number(document.getElementById("dyad").dataset.loaded || 0) > b, before);
    assert.equal(await marks.count(), series.marks.length);
    // Closing the view brings the map back.
    await page.click("#open-dyad");
    assert.equal(param("dyad"), null);
    await page.waitForSelector("#map svg", { state: "visible" });
    assert.ok(await page.isHidden("#dyad"));
  });

  await check("a write without the token is refused", async () => {
    const status = await page.evaluate(async () => (await fetch("/api/articles", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text: "x" }),
    })).status);
    assert.equal(status, 401);
    await page.click("#open-paste");
    await page.fill("#p-token", "not-the-token");
    await page.fill("#p-text", "Police fired tear gas at hundreds of protesters in Lagos on Monday.");
    await page.click("#p-submit");
    await page.waitForSelector("#p-result .error");
    assert.match(await page.textContent("#p-result .error"), /token/);
    await shot("refused");
  });

  await check("a pasted article's events are extracted and stored", async () => {
    const before = await loads();
    await page.fill("#p-token", token);
    await page.fill("#p-title", "Clashes in Lagos");
    await page.fill("#p-date", "2024-06-10");
    await page.fill("#p-text", "Police fired tear gas at hundreds of protesters in Lagos on Monday, witnesses said.");
    await page.click("#p-submit");
    await page.waitForSelector("#p-result .evidence mark.trigger");
    await loadedAfter(before);
    assert.equal(await summary(), all + 1);
    await shot("pasted");
    await page.click("#p-close");
  });

  assert.deepEqual(problems, [], problems.join("\n"));
  console.log(`all checks passed; screenshots in ${shots}`);
} catch (e) {
  await page.screenshot({ path: `${shots}/failure.png` }).catch(() => {});
  console.error(`\nFAILED: ${e.stack || e}`);
  if (problems.length) console.error(problems.join("\n"));
  process.exitCode = 1;
} finally {
  await browser.close();
}
