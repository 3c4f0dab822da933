// Catalogue explorer: full-text search and facets over Pagefind's chunked index (one or more bundles).
// The page already lists every innovation without JavaScript; this script only enhances it.
// State (query and selected facet values) lives in the URL, so a filtered view can be shared.

const FACETS = [
  ["thematique", "Thématique"],
  ["public", "Public"],
  ["region", "Région"],
  ["departement", "Département"],
  ["palier", "Palier atteint"],
  ["preuve", "Niveau de preuve"],
  ["annee", "Année de création"],
];
const PAGE_SIZE = 10; // results shown at a time: each one downloads its fragment
const COLLAPSE_FROM = 8; // facets with more values start folded

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

function readState() {
  const params = new URLSearchParams(window.location.search);
  const filters = {};
  for (const [key] of FACETS) {
    const values = params.getAll(key).filter(Boolean);
    if (values.length) filters[key] = values;
  }
  return { q: (params.get("q") || "").trim(), filters };
}

function writeState(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const [key] of FACETS) for (const v of state.filters[key] || []) params.append(key, v);
  const query = params.toString();
  const url = window.location.pathname + (query ? "?" + query : "");
  window.history.replaceState(null, "", url);
}

function sortValues(key, values) {
  const entries = Object.keys(values);
  if (key === "annee") return entries.sort((a, b) => b.localeCompare(a));
  if (key === "preuve") return entries.sort();
  return entries.sort((a, b) => a.localeCompare(b, "fr"));
}

async function start() {
  if (!root) return;
  let pagefind;
  let alwaysFilters = {};
  try {
    // The index comes in one or more Pagefind bundles (pagefind/0/, 1/…: see generator/site/search.py),
    // listed by the build. The first one's pagefind.js searches them all: the others are merged
    // with Pagefind's multisite search, which sums filter counts and merges results.
    const response = await fetch(new URL("pagefind/bundles.json", siteRoot));
    if (!response.ok) throw new Error(`pagefind/bundles.json : ${response.status}`);
    const listing = await response.json();
    const bundles = listing.bundles.map((b) => new URL(`pagefind/${b}`, siteRoot));
    // Added to every search: a split index leaves out each bundle's vocabulary page.
    alwaysFilters = listing.filters || {};
    pagefind = await import(new URL("pagefind.js", bundles[0]).href);
    // No web worker: it would download a second copy of Pagefind's code (40 KB) to run a
    // search that takes milliseconds in the page itself.
    await pagefind.options({ baseUrl: siteRoot.pathname, noWorker: true });
    await pagefind.init();
    // One after the other: a sorted search zips the bundles' results in this order.
    for (const bundle of bundles.slice(1)) {
      await pagefind.mergeIndex(bundle.pathname, { baseUrl: siteRoot.pathname });
    }
  } catch (error) {
    // Search index missing (e.g. preview without it): keep the static list.
    console.warn("Recherche indisponible :", error);
    return;
  }
  const form = root.querySelector("[data-form]");
  const input = form.querySelector("input[name=q]");
  const app = root.querySelector("[data-app]");
  const facetsBox = root.querySelector("[data-facets]");
  const count = root.querySelector("[data-count]");
  const list = root.querySelector("[data-results]");
  const more = root.querySelector("[data-more]");
  const staticList = root.querySelector("[data-static]");

  const totals = await pagefind.filters();
  let state = readState();
  let results = [];
  let shown = 0;
  let generation = 0;

  input.value = state.q;
  form.hidden = false;
  app.hidden = false;
  staticList.hidden = true;

  function pagefindFilters() {
    const out = { ...alwaysFilters };
    for (const [key, values] of Object.entries(state.filters)) out[key] = { any: values };
    return out;
  }

  function renderFacets(remaining) {
    facetsBox.replaceChildren();
    for (const [key, title] of FACETS) {
      const values = totals[key] || {};
      const names = sortValues(key, values);
      if (!names.length) continue;
      const selected = new Set(state.filters[key] || []);
      const fieldset = el("fieldset", {}, el("legend", { text: title }));
      const box = names.length >= COLLAPSE_FROM ? el("details", { open: selected.size > 0 },
        el("summary", { text: `${names.length} valeurs` })) : fieldset;
      for (const name of names) {
        const n = (remaining[key] || {})[name] ?? 0;
        const id = `f-${key}-${name}`.replace(/[^A-Za-z0-9_-]/g, "_");
        const checkbox = el("input", { type: "checkbox", id, name: key, value: name,
          checked: selected.has(name), disabled: !selected.has(name) && n === 0 });
        checkbox.addEventListener("change", () => {
          const current = new Set(state.filters[key] || []);
          if (checkbox.checked) current.add(name); else current.delete(name);
          state.filters[key] = [...current];
          if (!current.size) delete state.filters[key];
          update();
        });
        box.append(el("label", { for: id }, checkbox, el("span", { text: name }),
          el("span", { class: "n", text: String(n) })));
      }
      if (box !== fieldset) fieldset.append(box);
      facetsBox.append(fieldset);
    }
  }

  async function renderMore() {
    const batch = results.slice(shown, shown + PAGE_SIZE);
    shown += batch.length;
    const items = await Promise.all(batch.map((r) => r.data()));
    for (const data of items) {
      const meta = data.meta || {};
      const li = el("li", {},
        el("h3", {}, el("a", { href: data.url, text: meta.title || data.url })),
        meta.accroche ? el("p", { text: meta.accroche }) : null);
      if (state.q && data.excerpt) {
        const p = el("p", { class: "meta" });
        // Pagefind escapes the text and adds only <mark>; the hidden word is not for readers.
        p.innerHTML = data.excerpt.replaceAll(root.dataset.toutes, "");
        li.append(p);
      }
      list.append(li);
    }
    more.hidden = shown >= results.length;
  }

  async function update() {
    const mine = ++generation;
    writeState(state);
    const hasFilters = Object.keys(state.filters).length > 0;
    if (!state.q && !hasFilters) {
      // Nothing asked: the page's own list (every innovation, by theme) is the answer. Asking
      // Pagefind for everything would download its whole index.
      staticList.hidden = false;
      list.replaceChildren();
      more.hidden = true;
      count.textContent = "";
      renderFacets(totals);
      return;
    }
    // Facets alone: search the word every sheet hides (see render/pages.py), sorted by name.
    // Pagefind's own facet-only search (a null query) would download its whole index.
    const search = await pagefind.search((await (await import("./recherche.js")).requete(state.q)) || root.dataset.toutes, {
      filters: pagefindFilters(),
      sort: state.q ? undefined : { nom: "asc" },
    });
    if (mine !== generation) return;
    const remaining = search ? search.filters : totals;
    results = search ? search.results : [];
    staticList.hidden = true;
    renderFacets(remaining);
    list.replaceChildren();
    shown = 0;
    const n = results.length;
    count.textContent = n === 0 ? "Aucune innovation ne correspond."
      : `${n.toLocaleString("fr-FR")} innovation${n > 1 ? "s" : ""} ${n > 1 ? "correspondent" : "correspond"}.`;
    await renderMore();
  }

  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.q = input.value.trim(); update(); }, 250);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer); // the search typed so far runs now, not once more in 250 ms
    state.q = input.value.trim();
    update();
  });
  more.addEventListener("click", () => renderMore());
  await update();
}

start();
