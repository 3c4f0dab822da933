// Catalogue explorer: full-text search, facets and sorting over Pagefind's chunked index (one or
// more bundles). The page already lists the innovations by name, one page of them with links to
// the others (innovations/page/2/…), and shows the facets with the catalogue's counts
// (templates/explorer.html); this script only enhances it, without moving what is on screen.
// State (query, facet values, sort) lives in the URL, one history entry per search, so that a
// filtered view can be shared and Back undoes the last search. It stays on the page's own path
// (innovations/?q=…, innovations/page/2/?q=…): moving to another folder would make every
// relative link of the page, the theme's included, point elsewhere.
import { extrait, requete } from "./recherche.js";

const PAGE_SIZE = 10; // results shown at a time: each one downloads its fragment
const TYPING_DELAY = 300; // ms of quiet typing before the search runs
const SORTS = { nom: "nom", annee: "annee", preuve: "preuve" }; // URL value → facet key or sort

const root = document.querySelector("[data-explorateur]");
const siteRoot = new URL("../", import.meta.url);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// French agreement: 0 and 1 take the singular.
const plural = (n, one, many) => (Math.abs(n) < 2 ? one : many);
const number = (n) => n.toLocaleString("fr-FR");

function countText(n) {
  if (n === 0) return "Aucune innovation ne correspond.";
  return `${number(n)} ${plural(n, "innovation correspond", "innovations correspondent")}.`;
}

function sheets(n) {
  return `${number(n)} ${plural(n, "innovation", "innovations")}`;
}

if (root) start();

async function start() {
  const form = root.querySelector("[data-form]");
  const input = form.querySelector("input[name=q]");
  const facetsBox = root.querySelector("[data-facets]");
  const facetsZone = root.querySelector("[data-filtres-zone]");
  const dialog = root.querySelector("[data-dialogue]");
  const dialogBody = root.querySelector("[data-dialogue-corps]");
  const filtersButton = root.querySelector("[data-filtres-bouton]");
  const filtersCount = root.querySelector("[data-nb-filtres]");
  const seeButton = root.querySelector("[data-voir]");
  const sortSelect = root.querySelector("[data-tri]");
  const count = root.querySelector("[data-count]");
  const chips = root.querySelector("[data-chips]");
  const empty = root.querySelector("[data-empty]");
  const list = root.querySelector("[data-results]");
  const more = root.querySelector("[data-more]");
  const staticList = root.querySelector("[data-static]");
  const staticTitle = count.textContent;

  // The facets as the page lists them: [key, title, [value…] in the order shown].
  const FACETS = [...facetsBox.querySelectorAll("fieldset[data-facette]")].map((fieldset) => [
    fieldset.dataset.facette,
    fieldset.querySelector("legend").textContent,
    [...fieldset.querySelectorAll("input")].map((box) => box.value),
  ]);
  const titles = Object.fromEntries(FACETS.map(([key, title]) => [key, title]));
  const boxes = [...facetsBox.querySelectorAll("input[type=checkbox]")];

  function readState() {
    const params = new URLSearchParams(window.location.search);
    const filters = {};
    for (const [key] of FACETS) {
      const values = [...new Set(params.getAll(key).filter(Boolean))];
      if (values.length) filters[key] = values;
    }
    const tri = params.get("tri") || "";
    return { q: (params.get("q") || "").trim(), filters, tri: tri in SORTS ? tri : "" };
  }

  const asked = (s) => Boolean(s.q || s.tri || Object.keys(s.filters).length);

  function urlOf(s) {
    const params = new URLSearchParams();
    if (s.q) params.set("q", s.q);
    for (const [key] of FACETS) for (const v of s.filters[key] || []) params.append(key, v);
    if (s.tri) params.set("tri", s.tri);
    const query = params.toString();
    return window.location.pathname + (query ? "?" + query : "");
  }

  // "push": a new history entry (Back undoes this search); "replace": the same search refined
  // (typing); "none": the URL already says it (Back/Forward, first load).
  function writeState(s, mode) {
    const url = urlOf(s);
    if (mode === "none" || url === window.location.pathname + window.location.search) return;
    if (mode === "replace") window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
  }

  let state = readState();
  input.value = state.q;
  if (asked(state)) {
    // Nothing moves on screen: the list below gives way to the results, in the same place.
    staticList.hidden = true;
    count.textContent = "Recherche en cours…";
  }

  // Pagefind is loaded when first needed: a search in the URL, or the reader reaching for the
  // search box, the facets or the sort. Opening the page to read the list loads none of it.
  let alwaysFilters = {};
  let loading = null;
  const engine = () => (loading ||= loadPagefind());

  async function loadPagefind() {
    // The index comes in one or more Pagefind bundles (pagefind/0/, 1/…: see generator/site/search.py),
    // listed by the build. The first one's pagefind.js searches them all: the others are merged
    // with Pagefind's multisite search, which sums filter counts and merges results.
    const response = await fetch(new URL("pagefind/bundles.json", siteRoot));
    if (!response.ok) throw new Error(`pagefind/bundles.json : ${response.status}`);
    const listing = await response.json();
    const bundles = listing.bundles.map((b) => new URL(`pagefind/${b}`, siteRoot));
    // Added to every search: a split index leaves out each bundle's vocabulary page.
    alwaysFilters = listing.filters || {};
    const pagefind = await import(new URL("pagefind.js", bundles[0]).href);
    // No web worker: it would download a second copy of Pagefind's code (40 KB) to run a
    // search that takes milliseconds in the page itself.
    await pagefind.options({ baseUrl: siteRoot.pathname, noWorker: true });
    await pagefind.init();
    // One after the other: a sorted search zips the bundles' results in this order.
    for (const bundle of bundles.slice(1)) {
      await pagefind.mergeIndex(bundle.pathname, { baseUrl: siteRoot.pathname });
    }
    return pagefind;
  }

  // Search index missing (e.g. preview without it): the page's own list, and say why.
  function unavailable(error) {
    console.warn("Recherche indisponible :", error);
    for (const part of root.querySelectorAll(".js-seul")) part.hidden = true;
    if (dialog.open) dialog.close();
    list.replaceChildren();
    more.hidden = true;
    empty.hidden = true;
    chips.hidden = true;
    staticList.hidden = false;
    count.textContent = "La recherche n’est pas disponible pour le moment : voici la liste des innovations, par ordre alphabétique.";
  }

  // The one place a reader's words are handed to Pagefind. Facets alone search the word every
  // sheet hides (see render/pages.py): Pagefind's own facet-only search (a null query) would
  // download its whole index.
  async function find(q, filters = {}, sort = undefined) {
    const pagefind = await engine();
    return pagefind.search((await requete(q)) || root.dataset.toutes, {
      filters: { ...alwaysFilters, ...filters },
      sort,
    });
  }

  const chosen = (filters) =>
    Object.fromEntries(Object.entries(filters).map(([key, values]) => [key, { any: values }]));

  // Sorted by a facet (year, evidence level): one search per value, in the facet's order, each
  // by name, then the sheets that leave it unknown. Exact across bundles, where Pagefind's own
  // sort would zip each bundle's order, and it keeps the sheets without a value (Pagefind's
  // sort leaves them out).
  async function byFacet(s, key) {
    const all = FACETS.find(([k]) => k === key)?.[2] || [];
    const picked = s.filters[key];
    const values = picked ? all.filter((v) => picked.includes(v)) : all;
    const base = chosen(s.filters);
    const within = s.q ? undefined : { nom: "asc" };
    const groups = values.map((v) => find(s.q, { ...base, [key]: v }, within));
    if (!picked && all.length) groups.push(find(s.q, { ...base, [key]: { none: all } }, within));
    if (!all.length) groups.push(find(s.q, base, within));
    return (await Promise.all(groups)).flatMap((g) => g.results);
  }

  async function answer(s) {
    const filters = chosen(s.filters);
    const byName = s.tri === "nom" || (!s.q && !s.tri);
    const main = await find(s.q, filters, byName ? { nom: "asc" } : undefined);
    const results = s.tri === "annee" || s.tri === "preuve" ? await byFacet(s, SORTS[s.tri]) : main.results;
    return { results, counts: main.filters };
  }

  // --- Facet counts ----------------------------------------------------------------------------
  // Opening the page shows the catalogue's counts (from the page). Counts within a search need
  // every facet's data, which Pagefind loads with filters(): fetched when the reader reaches for
  // the facets, not before (about 150 KB at 5,000 sheets).
  let facetData = null;
  let countsKnown = false;

  function showCounts(counts) {
    for (const box of boxes) {
      const n = counts ? ((counts[box.name] || {})[box.value] ?? 0) : null;
      box.parentElement.querySelector(".n").textContent = n === null ? "" : String(n);
      box.disabled = n === 0 && !box.checked;
    }
    facetsBox.toggleAttribute("data-comptes", Boolean(counts));
  }

  function catalogueCounts() {
    const counts = {};
    for (const box of boxes) (counts[box.name] ||= {})[box.value] = Number(box.dataset.total);
    return counts;
  }

  async function refreshCounts() {
    if (!asked(state)) return showCounts(catalogueCounts());
    const mine = generation;
    const search = await find(state.q, chosen(state.filters));
    if (mine === generation) showCounts(search.filters);
  }

  function loadFacetData() {
    facetData ||= engine()
      .then((pagefind) => pagefind.filters())
      .then(() => {
        countsKnown = true;
        return refreshCounts();
      })
      .catch(() => {}); // said by the search that failed
    return facetData;
  }

  // --- Controls reflect the state --------------------------------------------------------------
  function syncControls() {
    const picked = Object.values(state.filters).reduce((n, values) => n + values.length, 0);
    filtersCount.textContent = picked ? ` (${picked})` : "";
    for (const box of boxes) box.checked = (state.filters[box.name] || []).includes(box.value);
    for (const fieldset of facetsBox.querySelectorAll("fieldset")) {
      const summary = fieldset.querySelector("summary");
      if (!summary) continue;
      const n = fieldset.querySelectorAll("input:checked").length;
      summary.textContent = summary.dataset.resume
        + (n ? ` · ${n} ${plural(n, "choisie", "choisies")}` : "");
    }
    const relevance = sortSelect.querySelector("[data-pertinence]");
    const byName = sortSelect.querySelector("option[value=nom]");
    // Without words, results come by name: the first option says so, the second is not needed.
    relevance.textContent = state.q ? "pertinence" : "nom";
    byName.hidden = byName.disabled = !state.q && !state.tri;
    sortSelect.value = state.tri;
    renderChips();
  }

  function chip(text, label, onRemove) {
    const button = el("button", { type: "button" },
      el("span", { class: "visuellement-cache", text: label }), text,
      el("span", { "aria-hidden": "true", text: "×" }));
    button.addEventListener("click", () => {
      onRemove();
      count.focus(); // the chip is gone: the reader lands on the new count
    });
    return el("li", {}, button);
  }

  function renderChips() {
    chips.replaceChildren();
    if (state.q) {
      chips.append(chip(`« ${state.q} »`, "Effacer la recherche ", () => {
        state.q = "";
        input.value = "";
        act();
      }));
    }
    for (const [key, values] of Object.entries(state.filters)) {
      for (const value of values) {
        chips.append(chip(`${titles[key]} : ${value}`, "Retirer le filtre ", () => {
          removeValue(key, value);
          act();
        }));
      }
    }
    const active = chips.children.length;
    if (active > 1 || Object.keys(state.filters).length) {
      const all = el("button", { type: "button", class: "tout-effacer", text: "Tout effacer" });
      all.addEventListener("click", () => {
        state = { q: "", filters: {}, tri: "" };
        input.value = "";
        act();
        input.focus();
      });
      chips.append(el("li", {}, all));
    }
    chips.hidden = active === 0;
  }

  function removeValue(key, value) {
    const rest = (state.filters[key] || []).filter((v) => v !== value);
    if (rest.length) state.filters[key] = rest;
    else delete state.filters[key];
  }

  // --- Results ---------------------------------------------------------------------------------
  let results = [];
  let shown = 0;
  let generation = 0;

  function card(data) {
    const meta = data.meta || {};
    const infos = el("ul", { class: "carte-infos", "aria-label": "En bref" },
      el("li", { text: `Niveau de preuve : ${meta.preuve || "non renseigné"}` }),
      meta.palier ? el("li", { text: `Palier AIS#Emploi : ${meta.palier}` }) : null,
      el("li", { text: `Né à : ${meta.territoire || "non renseigné"}` }),
      meta.completude ? el("li", {
        class: meta.completude === "fiche complète" ? "complete" : "a-completer",
        text: meta.completude[0].toUpperCase() + meta.completude.slice(1),
      }) : null);
    const li = el("li", {},
      el("h3", {}, el("a", { href: data.url, text: meta.title || data.url })),
      meta.accroche ? el("p", { text: meta.accroche }) : null,
      infos);
    if (state.q && data.excerpt) {
      const p = el("p", { class: "extrait" });
      // Pagefind escapes the text and adds only <mark>; the hidden word is not for readers.
      p.innerHTML = extrait(data.excerpt.replaceAll(root.dataset.toutes, ""));
      li.append(p);
    }
    return li;
  }

  async function renderMore() {
    const mine = generation;
    const batch = results.slice(shown, shown + PAGE_SIZE);
    shown += batch.length;
    const items = await Promise.all(batch.map((r) => r.data()));
    if (mine !== generation) return;
    list.append(...items.map(card));
    more.hidden = shown >= results.length;
  }

  // An empty answer says what empties it, and offers to take that away.
  async function explainEmpty(mine) {
    const parts = [];
    const keys = Object.keys(state.filters);
    const alone = state.q ? (await find(state.q)).results.length : 1;
    if (mine !== generation) return;
    if (state.q && alone === 0) {
      parts.push(el("p", { text: `Aucune fiche ne contient « ${state.q} ». Vérifiez l’orthographe, essayez un mot plus court ou un synonyme.` }));
      parts.push(action("Effacer la recherche", () => { state.q = ""; input.value = ""; }));
    } else {
      // A filter that leaves nothing on its own (with the words searched) empties the list;
      // failing that, one without which something is left.
      const name = (key) => `${titles[key]} : ${state.filters[key].join(" ou ")}`;
      const with_ = state.q ? ` avec « ${state.q} »` : "";
      const alone0 = [];
      const without = [];
      for (const key of keys) {
        const only = (await find(state.q, chosen({ [key]: state.filters[key] }))).results.length;
        if (only === 0) { alone0.push(key); continue; }
        const rest = { ...state.filters };
        delete rest[key];
        const n = (await find(state.q, chosen(rest))).results.length;
        if (n > 0) without.push([key, n]);
      }
      if (mine !== generation) return;
      for (const key of alone0) {
        parts.push(el("p", { text: `Aucune innovation${with_} n’a « ${name(key)} » : c’est ce filtre qui vide la liste.` }));
        parts.push(action(`Retirer le filtre « ${name(key)} »`, () => { delete state.filters[key]; }));
      }
      if (!alone0.length) {
        for (const [key, n] of without) {
          parts.push(el("p", { text: `Le filtre « ${name(key)} » vide la liste : sans lui, ${plural(n, "une innovation correspond", `${number(n)} innovations correspondent`)}.` }));
          parts.push(action(`Retirer le filtre « ${name(key)} »`, () => { delete state.filters[key]; }));
        }
      }
      if (!alone0.length && !without.length) {
        parts.push(el("p", { text: "Aucune innovation n’a tous ces filtres à la fois." }));
        parts.push(action("Retirer tous les filtres", () => { state.filters = {}; }));
      }
    }
    empty.replaceChildren(...parts);
    empty.hidden = false;
  }

  function action(text, change) {
    const button = el("button", { type: "button", text });
    button.addEventListener("click", () => {
      change();
      act();
      count.focus();
    });
    return button;
  }

  async function update(mode) {
    const mine = ++generation;
    writeState(state, mode);
    syncControls();
    empty.hidden = true;
    if (!asked(state)) {
      // Nothing asked: the page's own list (the innovations by name, page by page) is the
      // answer. Asking Pagefind for everything would download its whole index.
      list.replaceChildren();
      more.hidden = true;
      staticList.hidden = false;
      count.textContent = staticTitle;
      seeButton.textContent = "Voir toutes les innovations";
      showCounts(catalogueCounts());
      return;
    }
    staticList.hidden = true;
    let found;
    try {
      found = await answer(state);
    } catch (error) {
      if (mine === generation) unavailable(error);
      return;
    }
    if (mine !== generation) return;
    results = found.results;
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
    const n = results.length;
    count.textContent = countText(n);
    seeButton.textContent = n ? `Voir ${plural(n, "l’innovation", `les ${number(n)} innovations`)}` : "Voir le résultat";
    showCounts(countsKnown ? found.counts : null);
    if (n === 0) await explainEmpty(mine);
    else await renderMore();
  }

  // Every change the reader makes is a new history entry, except refining the words being typed.
  let typing = false;
  function act() {
    typing = false;
    update("push");
  }

  // --- Wiring ----------------------------------------------------------------------------------
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.q = input.value.trim();
      update(typing ? "replace" : "push");
      typing = true;
    }, TYPING_DELAY);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer); // the search typed so far runs now, not once more after the delay
    state.q = input.value.trim();
    update(typing ? "replace" : "push");
    typing = false;
  });
  for (const box of boxes) {
    box.addEventListener("change", () => {
      if (box.checked) state.filters[box.name] = [...(state.filters[box.name] || []), box.value];
      else removeValue(box.name, box.value);
      act();
    });
  }
  sortSelect.addEventListener("change", () => {
    state.tri = sortSelect.value;
    act();
  });
  more.addEventListener("click", () => renderMore());
  window.addEventListener("popstate", () => {
    clearTimeout(timer);
    typing = false;
    state = readState();
    input.value = state.q;
    update("none");
  });

  // Facet data, when the reader reaches for the facets (pointer, keyboard, or the phone's panel).
  facetsBox.addEventListener("pointerenter", loadFacetData);
  facetsBox.addEventListener("focusin", loadFacetData);

  // On a phone the facets open in a dialog (the page keeps them beside the results elsewhere).
  filtersButton.addEventListener("click", () => {
    dialogBody.append(facetsBox);
    dialog.showModal();
    loadFacetData();
  });
  dialog.addEventListener("close", () => facetsZone.append(facetsBox));
  root.querySelector("[data-fermer]").addEventListener("click", () => dialog.close());
  seeButton.addEventListener("click", () => {
    dialog.close();
    count.focus();
  });
  count.tabIndex = -1;

  // The reader reaching for a control: load Pagefind now, so that the search is ready in time.
  for (const event of ["focusin", "pointerover", "touchstart"]) {
    root.addEventListener(event, () => engine().catch(() => {}), { once: true, passive: true });
  }
  for (const box of boxes) box.disabled = false;
  sortSelect.disabled = false;
  // Words typed before the script was ready are searched now.
  const typed = input.value.trim();
  const first = typed !== state.q ? "push" : "none";
  state.q = typed;
  await update(first);
  root.dataset.pret = "";
}
