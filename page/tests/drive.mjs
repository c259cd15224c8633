// Drives cpts-aci.html in the system's headless Chromium, as a person would (files picked
// through the page's fields, buttons clicked, downloads saved) and through window.cptsAci.
// tests/page.rs prepares the inputs and the command line's outputs, runs this script, then
// compares what it saved with the command line's. Exits 1 on anything the page got wrong.
//
// Environment: PAGE (the html file), FIXTURES (inputs), OUT (where the page's outputs go),
// SCREENS (screenshots), DATE (reference date, AAAA-MM-JJ).
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";
import os from "node:os";

const { PAGE, FIXTURES, OUT, SCREENS, DATE } = process.env;
const failures = [];
const figures = {};
const fail = (what) => { failures.push(what); console.error("ÉCHEC : " + what); };
const expect = (cond, what) => { if (!cond) fail(what); };
const f = (...p) => path.join(FIXTURES, ...p);
fs.mkdirSync(path.join(OUT, "hostile"), { recursive: true });
fs.mkdirSync(SCREENS, { recursive: true });

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "cpts-aci-chromium-"));
// A fresh profile, removed at the end whatever happens.
process.on("exit", () => fs.rmSync(profile, { recursive: true, force: true }));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  acceptDownloads: true, viewport: { width: 1280, height: 800 }, locale: "fr-FR",
});
const page = context.pages()[0] || await context.newPage();
const requests = [];
const errors = [];
page.on("request", (r) => { const u = r.url(); if (!/^(file|data|blob):/.test(u)) requests.push(u); });
page.on("console", (m) => { if (m.type() === "error") errors.push("console : " + m.text()); });
page.on("pageerror", (e) => errors.push("page : " + e.message));

async function shot(name) { await page.screenshot({ path: path.join(SCREENS, name + ".png"), fullPage: false }); }
async function save(locator, name) {
  const [dl] = await Promise.all([page.waitForEvent("download"), locator.click()]);
  const to = path.join(OUT, name);
  await dl.saveAs(to);
  return { suggested: dl.suggestedFilename(), bytes: fs.readFileSync(to) };
}
async function screen(id) { await page.click(`nav button[data-screen="${id}"]`); }
const b64 = (p) => fs.readFileSync(p).toString("base64");
/** Calls window.cptsAci.NAME in the page; files are given as [name, path] and come back saved. */
async function api(name, args, saveAs) {
  const result = await page.evaluate(async ({ name, args }) => {
    const dec = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
    const enc = (u) => { let s = ""; for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode(...u.subarray(i, i + 0x8000)); return btoa(s); };
    const revive = (v) => Array.isArray(v) ? v.map(revive)
      : v && typeof v === "object" && v.__b64 !== undefined ? { name: v.name, path: v.path, bytes: dec(v.__b64) }
      : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)])) : v;
    const out = (v) => v instanceof Uint8Array ? { __b64: enc(v) }
      : Array.isArray(v) ? v.map(out) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, out(x)])) : v;
    try {
      const t0 = performance.now();
      const r = await window.cptsAci[name](...revive(args));
      return { ok: out(r), ms: performance.now() - t0 };
    } catch (e) {
      return { error: String(e.message || e), type: e.constructor.name };
    }
  }, { name, args });
  if (result.error) return result;
  const walk = (v) => v && typeof v === "object" && v.__b64 !== undefined ? Buffer.from(v.__b64, "base64")
    : Array.isArray(v) ? v.map(walk) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)])) : v;
  const value = walk(result.ok);
  for (const [key, file] of Object.entries(saveAs || {})) {
    const v = key === "." ? value : value[key];
    fs.writeFileSync(path.join(OUT, file), Buffer.isBuffer(v) ? v : typeof v === "string" ? v : JSON.stringify(v, null, 2));
  }
  return { value, ms: result.ms };
}
const file = (name, p) => ({ name, __b64: b64(p) });

// ---- opening ------------------------------------------------------------------------------
const opened = Date.now();
await page.goto("file://" + PAGE);
await page.waitForFunction(() => document.documentElement.dataset.ready !== undefined, null, { timeout: 20000 });
figures.interactive_ms = Date.now() - opened;
figures.engine_load_ms = Number(await page.evaluate(() => document.documentElement.dataset.ready));
figures.page_bytes = fs.statSync(PAGE).size;
expect((await page.textContent("body")).includes("Aucun fichier ne quitte votre ordinateur"), "la page dit que rien ne part");
await page.fill("#date", DATE);

// A screen's result is replaced by each new file: empty it first, so that a wait for the next
// result cannot be met by the one before.
const clear = (id) => page.$eval(id, (e) => e.replaceChildren());

// ---- contract -----------------------------------------------------------------------------
await clear("#contrat-resultat");
await page.setInputFiles("#contrat-fichier", f("contrat.toml"));
await page.click("#contrat-verifier");
await page.waitForSelector("#contrat-resultat .message");
expect((await page.textContent("#contrat-resultat")).includes("Contrat valide"), "le contrat est dit valide");
await page.selectOption("#contrat-annee", "2");
await page.click("#contrat-generer");
await page.waitForSelector("#contrat-resultat a.telecharger");
const generated = await save(page.locator("#contrat-resultat a.telecharger"), "generate.xlsx");
expect(generated.suggested === "suivi-annee-2.xlsx", "nom du classeur créé : " + generated.suggested);
await shot("1-contrat");
// A broken contract: the command line's problems, line and column, in the page.
await clear("#contrat-resultat");
await page.setInputFiles("#contrat-fichier", f("hostile", "casse.toml"));
await page.click("#contrat-verifier");
await page.waitForSelector("#contrat-resultat table");
expect((await page.textContent("#contrat-resultat")).includes("ligne"), "le contrat cassé montre ses lignes");
await shot("1b-contrat-casse");
await api("contrat", [file("casse.toml", f("hostile", "casse.toml"))], { ".": "contrat-casse.json" });
// The contract workbook: checked, converted to TOML through the page's button, and the year's
// tracking workbook made from it.
await clear("#contrat-resultat");
await page.setInputFiles("#contrat-fichier", f("contrat.xlsx"));
await page.click("#contrat-verifier");
await page.waitForSelector("#contrat-resultat .message");
expect((await page.textContent("#contrat-resultat")).includes("Contrat valide"), "le classeur du contrat est dit valide");
await page.click("#contrat-toml");
await page.waitForSelector("#contrat-resultat a.telecharger");
const converted = await save(page.locator("#contrat-resultat a.telecharger"), "contrat-converti.toml");
expect(converted.suggested === "contrat.toml", "nom du contrat converti : " + converted.suggested);
await api("contrat", [file("contrat.xlsx", f("contrat.xlsx"))], { ".": "contrat-classeur.json" });
const book = await api("convertContract", [file("contrat.toml", f("contrat.toml")), "xlsx"]);
if (book.error) fail("convertContract : " + book.error);
else {
  expect(book.value.file.name === "contrat.xlsx", "nom du classeur du contrat : " + book.value.file.name);
  fs.writeFileSync(path.join(OUT, "contrat-converti.xlsx"), book.value.file.bytes);
}

// ---- filled workbook ----------------------------------------------------------------------
await screen("classeur");
await clear("#classeur-resultat");
await page.setInputFiles("#classeur-fichier", f("suivi-annee-2-rempli.xlsx"));
await page.waitForSelector("#classeur-resultat table");
const firstSeverity = await page.textContent("#classeur-resultat table tbody tr td");
expect(firstSeverity === "erreur", "les erreurs d'abord : " + firstSeverity);
const shownRows = await page.locator("#classeur-resultat table").first().locator("tbody tr").count();
expect((await page.textContent("#classeur-resultat")).includes("Calendrier des versements"), "le calendrier est montré");
await shot("2-classeur");
await page.click("#classeur-synthese");
await page.waitForSelector("#classeur-resultat a.telecharger");
const summary = await save(page.locator("#classeur-resultat a.telecharger"), "synthese.xlsx");
expect(summary.suggested === "suivi-annee-2-rempli-synthese.xlsx", "nom de la synthèse : " + summary.suggested);
const wb = () => file("suivi-annee-2-rempli.xlsx", f("suivi-annee-2-rempli.xlsx"));
const checked = await api("check", [wb(), { date: DATE }], { ".": "check.json" });
expect(checked.value.findings.length === shownRows, `le tableau montre ${shownRows} constats sur ${checked.value.findings.length}`);
const firstCell = await page.locator("#classeur-resultat table").first().locator("tbody tr").first().locator("td").nth(2).textContent();
expect(firstCell === checked.value.findings[0].cell, `première cellule montrée ${firstCell}, attendue ${checked.value.findings[0].cell}`);
await api("check", [wb(), { date: DATE, contract: file("contrat.toml", f("contrat.toml")),
  pieces: fs.readdirSync(f("pieces"), { recursive: true }).filter((p) => fs.statSync(f("pieces", p)).isFile())
    .map((p) => ({ path: p, __b64: b64(f("pieces", p)) })) }], { ".": "check-complet.json" });
await api("compute", [wb()], { ".": "compute.json" });
// Checking a 45-line workbook once loaded.
const times = [];
for (let i = 0; i < 5; i++) times.push((await api("check", [wb(), { date: DATE }])).ms);
figures.check_ms = times.sort((a, b) => a - b)[2];
// A bad file: the command line's French message in the page.
await clear("#classeur-resultat");
await page.setInputFiles("#classeur-fichier", f("hostile", "tronque.xlsx"));
// The previous workbook's table is still shown until the new check replaces it: wait for
// the new result itself, not for any table.
await page.waitForFunction(
  () => (document.querySelector("#classeur-resultat")?.textContent || "").includes("archive"),
  null, { timeout: 30000 });
expect((await page.textContent("#classeur-resultat")).includes("archive"), "le fichier tronqué est expliqué");
await shot("2b-classeur-illisible");

// ---- batch --------------------------------------------------------------------------------
await screen("lot");
await page.setInputFiles("#lot-dossier", f("lot"));
await page.click("#lot-consolider");
await page.waitForSelector("#lot-resultat a.telecharger", { timeout: 60000 });
await save(page.locator("#lot-resultat a.telecharger").nth(0), "consolidation.xlsx");
await save(page.locator("#lot-resultat a.telecharger").nth(1), "consolidation.json");
await save(page.locator("#lot-resultat a.telecharger").nth(2), "rapport.html");
await shot("3-lot");
// 30 workbooks through the API, for the figures.
const lot = fs.readdirSync(f("lot")).sort();
const thirty = [];
for (let i = 0; thirty.length < 30; i++) thirty.push(file(`trente/${String(i).padStart(2, "0")}-${lot[i % lot.length]}`, f("lot", lot[i % lot.length])));
const batch30 = await api("batch", [thirty, { date: DATE }]);
expect(!batch30.error && batch30.value.json.summary.files === 30, "le lot de 30 : " + (batch30.error || ""));
figures.batch30_ms = Math.round(batch30.ms);

// ---- dossier ------------------------------------------------------------------------------
await screen("dossier");
await page.setInputFiles("#dossier-classeur", f("suivi-annee-2-rempli.xlsx"));
await page.setInputFiles("#dossier-pieces", f("pieces"));
await page.click("#dossier-construire");
await page.waitForSelector("#dossier-resultat a.telecharger");
const zip = await save(page.locator("#dossier-resultat a.telecharger"), "dossier.zip");
expect(zip.suggested === "suivi-annee-2-rempli-dossier.zip", "nom du dossier : " + zip.suggested);
await shot("4-dossier");

// ---- avenant ------------------------------------------------------------------------------
await screen("avenant");
await page.setInputFiles("#avenant-avant", f("contrat.toml"));
await page.setInputFiles("#avenant-apres", f("contrat-avenant1.toml"));
await page.click("#avenant-comparer");
await page.waitForSelector("#avenant-resultat table");
await shot("5-avenant");
await api("avenant", [file("contrat.toml", f("contrat.toml")), file("contrat-avenant1.toml", f("contrat-avenant1.toml"))], { ".": "avenant.json" });

// ---- plan ---------------------------------------------------------------------------------
await screen("plan");
await page.setInputFiles("#plan-contrat", f("contrat.toml"));
await page.setInputFiles("#plan-classeurs", f("suivi-annee-2-rempli.xlsx"));
await page.click("#plan-construire");
await page.waitForSelector("#plan-resultat table");
await save(page.locator("#plan-resultat a.telecharger"), "plan.xlsx");
await shot("6-plan");
await api("plan", [file("contrat.toml", f("contrat.toml")), [wb()], { date: DATE }], { json: "plan.json" });

// ---- hostile inputs through the API -------------------------------------------------------
for (const name of fs.readdirSync(f("hostile")).filter((n) => !n.endsWith(".toml")).sort()) {
  const r = await api("check", [file(name, f("hostile", name)), { date: DATE }], { ".": path.join("hostile", name + ".json") });
  expect(!r.error, name + " : " + r.error);
}
const v = await api("version", []);
expect(v.value && v.value.format === "cpts-aci/classeur@1", "version()");

expect(requests.length === 0, "aucune requête ne quitte la page : " + requests.join(", "));
expect(errors.length === 0, "aucune erreur dans la console : " + errors.join(" | "));
fs.writeFileSync(path.join(OUT, "figures.json"), JSON.stringify(figures, null, 2));
console.log("chiffres : " + JSON.stringify(figures));
await context.close();
process.exit(failures.length ? 1 : 0);
