"use strict";
// The page's script: window.cptsAci (stable, spec §12) over the WebAssembly module, and the
// screens that call it. Plain JavaScript, no framework: the page must open from a disk.
(function () {
  const MISSIONS = {
    fonctionnement: "Fonctionnement", acces: "Accès aux soins",
    parcours: "Parcours pluriprofessionnels", prevention: "Prévention",
    crise: "Crises sanitaires graves", qualite: "Qualité et pertinence des soins",
    accompagnement: "Accompagnement des professionnels",
  };
  const LINE_STATUS = {
    reached: ["atteint", "atteint"], partial: ["partiel", "partiel"],
    not_reached: ["non atteint", "non-atteint"], missing: ["valeur manquante", "manquant"],
    neutralised: ["neutralisé", "neutralise"], tracking: ["suivi (non payé)", ""],
  };
  const SEVERITY = { error: "erreur", warning: "avertissement", info: "information" };
  const FILE_STATUS = { Valide: "atteint", Incomplet: "partiel", Erreurs: "non-atteint", Illisible: "non-atteint", Doublon: "neutralise", Conflit: "non-atteint" };

  // ---- the engine -------------------------------------------------------------------------
  let ready = null;
  function load() {
    if (!ready) {
      ready = (async () => {
        const text = atob(CPTS_ACI_WASM);
        const bytes = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
        await wasm_bindgen({ module_or_path: bytes });
        return wasm_bindgen;
      })();
    }
    return ready;
  }

  /** Runs one call of the engine; a crash becomes an error with the engine's own words. */
  async function call(fn) {
    const w = await load();
    try {
      return fn(w);
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) {
        const why = w.lastPanic();
        throw new Error("erreur interne de cpts-aci" + (why ? " : " + why : "") +
          " ; rechargez la page avant de continuer");
      }
      throw e;
    }
  }

  function today() {
    const d = new Date();
    const p = (n) => String(n).padStart(2, "0");
    return d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate());
  }
  function bytesOf(file) {
    if (!file || typeof file.name !== "string" || !(file.bytes instanceof Uint8Array)) {
      throw new Error("fichier attendu sous la forme {name, bytes} (bytes : un Uint8Array)");
    }
    return file;
  }
  function filesOf(w, list) {
    const f = new w.Files();
    for (const item of list || []) {
      const file = item.path !== undefined ? { name: item.path, bytes: item.bytes } : item;
      bytesOf(file);
      f.push(file.name, file.bytes);
    }
    return f;
  }
  function output(p) {
    const out = { json: p.json, file: { name: p.name, bytes: p.bytes } };
    p.free();
    return out;
  }
  const pause = () => new Promise((r) => setTimeout(r, 0));

  const api = {
    async version() { return call((w) => JSON.parse(w.version())); },
    async contrat(file) {
      bytesOf(file);
      return call((w) => JSON.parse(w.contrat(file.name, file.bytes)));
    },
    async convertContract(file, to) {
      bytesOf(file);
      return call((w) => ({ file: output(w.convertContract(file.name, file.bytes, String(to))).file }));
    },
    async generate(contract, year, options) {
      bytesOf(contract);
      const date = (options && options.date) || today();
      return call((w) => {
        const o = output(w.generate(contract.name, contract.bytes, Number(year) || 0, date));
        return { file: o.file, report: JSON.parse(o.json) };
      });
    },
    async check(workbook, options) {
      bytesOf(workbook);
      const o = options || {};
      return call((w) => JSON.parse(w.check(workbook.name, workbook.bytes,
        o.contract ? filesOf(w, [o.contract]) : undefined,
        o.pieces ? filesOf(w, o.pieces) : undefined, o.date || today())));
    },
    async compute(workbook, options) {
      bytesOf(workbook);
      const date = (options && options.date) || today();
      return call((w) => JSON.parse(w.compute(workbook.name, workbook.bytes, date)));
    },
    async summarize(workbook, options) {
      bytesOf(workbook);
      const date = (options && options.date) || today();
      return call((w) => {
        const o = output(w.summarize(workbook.name, workbook.bytes, date));
        return { file: o.file, report: JSON.parse(o.json) };
      });
    },
    async batch(workbooks, options) {
      const o = options || {};
      const list = Array.from(workbooks || []).map(bytesOf);
      const run = await call((w) => new w.BatchRun(o.date || today()));
      try {
        for (let i = 0; i < list.length; i++) {
          await call(() => run.add(list[i].name, list[i].bytes));
          if (o.onProgress) o.onProgress(i + 1, list.length, list[i].name);
          // Let the page breathe between files: it repaints and stays responsive.
          await pause();
        }
        return await call(() => {
          const done = run.finish();
          const rapport = { name: done.secondName, bytes: done.secondBytes };
          const p = output(done);
          return { json: JSON.parse(p.json), file: p.file, rapport };
        });
      } finally {
        run.free();
      }
    },
    async dossier(workbook, pieces, options) {
      bytesOf(workbook);
      const date = (options && options.date) || today();
      return call((w) => {
        const o = output(w.dossier(workbook.name, workbook.bytes, filesOf(w, pieces), date));
        return { file: o.file, report: JSON.parse(o.json) };
      });
    },
    async avenant(before, after) {
      bytesOf(before); bytesOf(after);
      return call((w) => JSON.parse(w.avenant(before.name, before.bytes, after.name, after.bytes)));
    },
    async plan(contract, workbooks, options) {
      bytesOf(contract);
      const date = (options && options.date) || today();
      return call((w) => {
        const files = filesOf(w, workbooks);
        try {
          const o = output(w.plan(contract.name, contract.bytes, files, date));
          return { json: JSON.parse(o.json), file: o.file };
        } finally {
          files.free();
        }
      });
    },
  };
  window.cptsAci = Object.freeze(api);

  // ---- helpers of the screens ---------------------------------------------------------------
  const $ = (id) => document.getElementById(id);
  const euros = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" });
  const percent = new Intl.NumberFormat("fr-FR", { style: "percent", maximumFractionDigits: 1 });
  const money = (s) => (s === null || s === undefined || s === "" ? "" : euros.format(Number(s)));
  const ratio = (s) => (s === null || s === undefined || s === "" ? "" : percent.format(Number(s)));
  const frDate = (s) => (s ? s.split("-").reverse().join("/") : "");
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v; else e.setAttribute(k, v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }
  function table(caption, headers, rows, numeric) {
    const num = new Set(numeric || []);
    return el("table", {},
      caption ? el("caption", { class: "sr" }, caption) : null,
      el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows.map((r) => {
        const cells = r.cells || r;
        return el("tr", r.class ? { class: r.class } : {},
          cells.map((c, i) => (c instanceof Node && c.tagName === "TD") ? c
            : el("td", num.has(i) ? { class: "n" } : {}, c)));
      })));
  }
  function message(kind, text) { return el("div", { class: "message " + kind, role: kind === "erreur" ? "alert" : "status" }, text); }
  function status(text) { $("status").textContent = text; }
  function dateChosen() { return $("date").value || today(); }
  async function read(file, name) {
    return { name: name || file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
  }
  function chosen(input) { return input.files && input.files.length ? input.files[0] : null; }
  function download(file, label) {
    const url = URL.createObjectURL(new Blob([file.bytes]));
    return el("a", { class: "telecharger", href: url, download: file.name }, label + " (" + file.name + ")");
  }
  function show(target, ...nodes) { $(target).replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined)); }
  /** Runs a screen's action: its errors are shown in the page, never left to the console. */
  function action(button, target, fn) {
    $(button).addEventListener("click", async () => {
      const b = $(button);
      b.disabled = true;
      try {
        await fn();
      } catch (e) {
        show(target, message("erreur", String(e && e.message ? e.message : e)));
        status("Terminé, avec une erreur : voir le message.");
      } finally {
        b.disabled = false;
      }
    });
  }
  function need(file, what) { if (!file) throw new Error("Choisissez d'abord " + what + "."); return file; }

  // A contract's TOML gives its place as ligne:colonne; a person reads it in words.
  function place(f) {
    const at = /^(\d+):(\d+)$/.exec(f.cell || "");
    return !f.sheet && at ? "ligne " + at[1] + ", colonne " + at[2] : f.cell;
  }
  function findingsTable(findings) {
    if (!findings.length) return message("ok", "Aucun problème trouvé.");
    return table("Contrôles", ["Gravité", "Feuille", "Cellule", "Constat", "Problème", "Correction", "Enjeu"],
      findings.map((f) => ({
        class: SEVERITY[f.severity] || "",
        cells: [SEVERITY[f.severity] || f.severity, f.sheet || "fichier", place(f),
          el("span", {}, f.label || "", el("br"), el("code", {}, f.code)),
          f.message, f.hint, money(f.stake)],
      })), [6]);
  }
  function counts(doc) {
    return el("div", { class: "chiffres" },
      el("div", {}, el("strong", {}, doc.errors), doc.errors > 1 ? "erreurs" : "erreur"),
      el("div", {}, el("strong", {}, doc.warnings), doc.warnings > 1 ? "avertissements" : "avertissement"));
  }
  function fundingTables(f) {
    const out = [el("h3", {}, "Financement de l'année " + f.year + " (" + frDate(f.period.start) + " – " + frDate(f.period.end) + ")"),
      el("div", { class: "chiffres" },
        el("div", {}, el("strong", {}, money(f.total)), "financement de l'année"),
        el("div", {}, el("strong", {}, money(f.max)), "maximum possible"),
        el("div", {}, el("strong", {}, money(f.fonctionnement)), "fonctionnement"))];
    out.push(table("Missions", ["Mission", "Prorata", "Fixe", "Variable max", "Variable obtenu", "Activation", "Maximum"],
      f.missions.map((m) => [MISSIONS[m.code] || m.code, ratio(m.prorata), money(m.fixed), money(m.variable_max),
        money(m.variable), money(m.activation), money(m.max)]), [1, 2, 3, 4, 5, 6]));
    const lines = [];
    for (const m of f.missions) for (const l of m.indicators) {
      const st = LINE_STATUS[l.status] || [l.status, ""];
      lines.push([MISSIONS[m.code] || m.code, l.code, money(l.weight), money(l.year_weight), ratio(l.attainment),
        money(l.amount), el("td", { class: st[1] }, st[0])]);
    }
    out.push(el("h3", {}, "Indicateurs"), table("Indicateurs", ["Mission", "Indicateur", "Poids", "Poids de l'année", "Atteinte", "Montant", "Statut"], lines, [2, 3, 4, 5]));
    out.push(el("h3", {}, "Calendrier des versements"),
      table("Versements", ["Date", "Versement", "Montant"], f.payments.map((p) => [frDate(p.date), p.label, money(p.amount)]), [2]));
    return out;
  }

  // ---- screens ------------------------------------------------------------------------------
  for (const b of document.querySelectorAll("nav button")) {
    b.addEventListener("click", () => {
      for (const o of document.querySelectorAll("nav button")) o.setAttribute("aria-pressed", String(o === b));
      for (const s of document.querySelectorAll("main section")) s.hidden = s.id !== b.dataset.screen;
      $(b.dataset.screen).querySelector("input, button").focus();
    });
  }
  for (const b of document.querySelectorAll("button.imprimer")) b.addEventListener("click", () => window.print());
  // Drag and drop onto a zone fills its file field.
  for (const zone of document.querySelectorAll(".drop")) {
    const input = $(zone.dataset.for);
    zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("survol"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("survol"));
    zone.addEventListener("drop", (e) => {
      e.preventDefault();
      zone.classList.remove("survol");
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }
  // A file dropped anywhere else is not opened by the browser in place of the page.
  window.addEventListener("dragover", (e) => e.preventDefault());
  window.addEventListener("drop", (e) => e.preventDefault());

  // Contract.
  async function contractFile() { return read(need(chosen($("contrat-fichier")), "le contrat")); }
  action("contrat-verifier", "contrat-resultat", async () => {
    const doc = await api.contrat(await contractFile());
    show("contrat-resultat", doc.ok ? message("ok", "Contrat valide : " + doc.file + ".")
      : [message("erreur", doc.file + " : " + doc.errors + (doc.errors > 1 ? " problèmes" : " problème")), findingsTable(doc.findings)]);
  });
  for (const to of ["toml", "xlsx"]) {
    action("contrat-" + to, "contrat-resultat", async () => {
      const r = await api.convertContract(await contractFile(), to);
      show("contrat-resultat", message("ok", "Contrat converti."), download(r.file, "Télécharger le contrat"));
    });
  }
  action("contrat-generer", "contrat-resultat", async () => {
    const r = await api.generate(await contractFile(), Number($("contrat-annee").value), { date: dateChosen() });
    const rep = r.report;
    show("contrat-resultat",
      message("ok", "Classeur de l'année " + rep.year + " (" + frDate(rep.start) + " – " + frDate(rep.end) + ") : " + rep.indicators + " indicateurs."),
      rep.findings.length ? findingsTable(rep.findings) : null,
      download(r.file, "Télécharger le classeur de suivi"));
  });

  // Filled workbook.
  async function workbookCheck() {
    const file = await read(need(chosen($("classeur-fichier")), "le classeur rempli"));
    const c = chosen($("classeur-contrat"));
    const options = { date: dateChosen() };
    if (c) options.contract = await read(c);
    status("Contrôle de " + file.name + "…");
    const doc = await api.check(file, options);
    const nodes = [el("h3", {}, doc.cpts ? doc.cpts + ", année " + doc.year : doc.file), counts(doc), findingsTable(doc.findings)];
    if (doc.cpts) nodes.push(...fundingTables(await api.compute(file, options)));
    show("classeur-resultat", nodes);
    status("Contrôle terminé : " + doc.file + ".");
    return file;
  }
  $("classeur-fichier").addEventListener("change", () => $("classeur-controler").click());
  action("classeur-controler", "classeur-resultat", workbookCheck);
  action("classeur-synthese", "classeur-resultat", async () => {
    const file = await read(need(chosen($("classeur-fichier")), "le classeur rempli"));
    const r = await api.summarize(file, { date: dateChosen() });
    const t = $("classeur-resultat");
    if (!t.querySelector("table")) await workbookCheck();
    t.prepend(download(r.file, "Télécharger la synthèse"));
  });

  // Batch.
  action("lot-consolider", "lot-resultat", async () => {
    const picked = [];
    for (const f of $("lot-dossier").files) {
      const rel = f.webkitRelativePath || f.name;
      const under = rel.split("/").slice(1).join("/") || rel;
      if ((await load()).takenFromFolder(under)) picked.push([f, rel]);
    }
    for (const f of $("lot-fichiers").files) picked.push([f, f.name]);
    if (!picked.length) throw new Error("Choisissez d'abord un dossier ou des classeurs (.xlsx, .ods, .xls).");
    const bar = $("lot-progression");
    bar.hidden = false; bar.max = picked.length; bar.value = 0;
    const files = [];
    for (const [f, name] of picked) files.push(await read(f, name));
    const start = performance.now();
    const r = await api.batch(files, {
      date: dateChosen(),
      onProgress: (i, n, name) => { bar.value = i; status("Contrôle " + i + " / " + n + " : " + name); },
    });
    const seconds = ((performance.now() - start) / 1000).toFixed(1).replace(".", ",");
    const s = r.json.summary;
    const jsonFile = { name: "consolidation.json", bytes: new TextEncoder().encode(JSON.stringify(r.json, null, 2) + "\n") };
    const byStatus = {};
    for (const f of r.json.files) byStatus[f.status] = (byStatus[f.status] || 0) + 1;
    show("lot-resultat",
      el("h3", {}, "Tableau de bord — " + s.files + (s.files > 1 ? " fichiers" : " fichier")),
      el("div", { class: "chiffres" },
        Object.entries(byStatus).map(([k, v]) => el("div", { class: FILE_STATUS[k] || "" }, el("strong", {}, v), k)),
        el("div", {}, el("strong", {}, money(s.total)), "financement total"),
        el("div", {}, el("strong", {}, money(s.variable)), "variable obtenu"),
        el("div", {}, el("strong", {}, money(s.variable_max)), "variable maximum")),
      download(r.file, "Télécharger la consolidation"), download(jsonFile, "Télécharger le JSON"),
      download(r.rapport, "Télécharger le rapport imprimable"),
      table("CPTS", ["Fichier", "CPTS", "Année", "Statut", "Erreurs", "Avertissements", "Financement", "Taux d'atteinte", "Motif"],
        r.json.files.map((f) => [f.file, f.cpts || "", f.year || "", el("td", { class: FILE_STATUS[f.status] || "" }, f.status),
          f.errors, f.warnings, f.status === "Illisible" ? "" : money(f.total), ratio(f.attainment), f.reason || ""]), [4, 5, 6, 7]));
    status("Lot consolidé : " + s.files + " fichiers en " + seconds + " s.");
  });

  // Dossier.
  action("dossier-construire", "dossier-resultat", async () => {
    const wb = await read(need(chosen($("dossier-classeur")), "le classeur rempli"));
    const list = $("dossier-pieces").files;
    if (!list.length) throw new Error("Choisissez d'abord le dossier des pièces justificatives.");
    const pieces = [];
    for (const f of list) {
      const rel = (f.webkitRelativePath || f.name).split("/").slice(1).join("/") || f.name;
      pieces.push({ path: rel, bytes: new Uint8Array(await f.arrayBuffer()) });
    }
    status("Construction du dossier…");
    const r = await api.dossier(wb, pieces, { date: dateChosen() });
    show("dossier-resultat", message(r.report.ok ? "ok" : "erreur",
      "Dossier : " + r.report.pieces + (r.report.pieces > 1 ? " pièces" : " pièce") + ", " + r.report.errors + " erreur(s), " + r.report.warnings + " avertissement(s)."),
      download(r.file, "Télécharger le dossier"), findingsTable(r.report.findings));
    status("Dossier prêt.");
  });

  // Avenant.
  action("avenant-comparer", "avenant-resultat", async () => {
    const before = await read(need(chosen($("avenant-avant")), "le contrat d'avant l'avenant"));
    const after = await read(need(chosen($("avenant-apres")), "le contrat d'après l'avenant"));
    const d = await api.avenant(before, after);
    show("avenant-resultat",
      message(d.errors.length ? "erreur" : "ok", d.numero ? "Avenant n° " + d.numero + ", effet le " + frDate(d.effet) + "." : "Aucun nouvel avenant inscrit."),
      d.errors.length ? findingsTable(d.errors) : null,
      el("h3", {}, "Effet par année"),
      table("Années", ["Année", "Maximum avant", "Maximum après", "Différence"], d.years.map((y) => [y.year, money(y.max_before), money(y.max_after), money(y.difference)]), [1, 2, 3]),
      el("h3", {}, "Changements"),
      table("Changements", ["Année", "Nature", "Mission", "Indicateur", "Élément", "Avant", "Après"],
        d.changes.map((c) => [c.year, c.kind, MISSIONS[c.mission] || c.mission || "", c.indicator || "", c.field || "", fmt(c.before), fmt(c.after)])));
  });
  function fmt(v) { return v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v); }

  // Plan.
  action("plan-construire", "plan-resultat", async () => {
    const contract = await read(need(chosen($("plan-contrat")), "le contrat"));
    const wbs = [];
    for (const f of $("plan-classeurs").files) wbs.push(await read(f));
    const r = await api.plan(contract, wbs, { date: dateChosen() });
    const p = r.json;
    show("plan-resultat", el("h3", {}, p.cpts), download(r.file, "Télécharger le plan"),
      p.findings.length ? findingsTable(p.findings) : null,
      table("Années", ["Année", "Du", "Au", "Maximum", "Obtenu"], p.years.map((y) => [y.year, frDate(y.start), frDate(y.end), money(y.max), money(y.obtained)]), [3, 4]),
      el("h3", {}, "Échéancier"),
      table("Échéancier", ["Date", "Année", "Versement", "Mission", "Montant", "Base"],
        p.payments.map((x) => [frDate(x.date), x.year, x.label, MISSIONS[x.mission] || x.mission || "", money(x.amount), x.basis]), [4]));
  });

  // Ready: the engine is loaded at once, so the first file is checked without waiting.
  $("date").value = today();
  const t0 = performance.now();
  load().then(() => {
    document.documentElement.dataset.ready = String(Math.round(performance.now() - t0));
    status("Prêt. Choisissez ce que vous voulez faire, puis déposez vos fichiers.");
  }, (e) => {
    status("");
    show("contrat-resultat", message("erreur", "Le moteur de calcul n'a pas pu démarrer dans ce navigateur : " + e.message));
  });
})();
