// Compare page (comparer/, comparer/page/2/…): reads ?ids=a,b,c from the address, loads one
// small JSON file per sheet (comparer/fiches/<id>.json) and shows the innovations side by side.
// The address keeps the choice, and the links to the table's other pages carry it. The
// « Ajouter » list offers the rows of the page shown (never the whole catalogue). Without
// JavaScript the page shows its page of the key-facts table only.

const root = document.querySelector("[data-comparer]");
const base = new URL(root.dataset.base, document.baseURI);
const max = Number(root.dataset.max);
const form = root.querySelector("[data-choix]");
const select = form.querySelector("select");
const limit = root.querySelector("[data-limite]");
const columns = root.querySelector("[data-colonnes]");
const pageLinks = [...root.querySelectorAll("nav.pagination a")];
// The rows of this page, in the table's order: what the « Ajouter » list offers.
const names = new Map(
  [...root.querySelectorAll("tr[data-id]")].map((row) => [row.dataset.id, row.querySelector("th").textContent]),
);
// Facts already loaded, by id (null: no such sheet).
const loaded = new Map();
// A sheet's id, as the content's schema allows it (the rest of an address is ignored).
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

function readIds() {
  const raw = new URLSearchParams(window.location.search).get("ids") || "";
  const ids = raw.split(",").map((s) => s.trim()).filter((id) => ID.test(id) && loaded.get(id) !== null);
  return [...new Set(ids)].slice(0, max);
}

function writeIds(ids) {
  const url = new URL(window.location.href);
  if (ids.length) url.search = `?ids=${ids.join(",")}`;
  else url.search = "";
  window.history.replaceState(null, "", url);
  for (const link of pageLinks) {
    const target = new URL(link.href);
    target.search = url.search;
    link.href = target.href;
  }
}

function fillChoices(ids) {
  const options = [el("option", "Choisir…", { value: "" })];
  for (const [id, name] of names) if (!ids.includes(id)) options.push(el("option", name, { value: id }));
  select.replaceChildren(...options);
}

const unknown = "non renseigné";
const number = new Intl.NumberFormat("fr-FR");

function list(items) {
  if (!items.length) return el("span", unknown, { class: "inconnu" });
  const ul = el("ul");
  for (const item of items) ul.append(el("li", item));
  return ul;
}

function text(value) {
  return value ? el("span", value) : el("span", unknown, { class: "inconnu" });
}

// « libellé : 47 % (Bénéficiaires, 2023, source : …) »; a figure in no listed unit (« autre »)
// has no unit after its value: its libellé says what it counts.
function figure(c) {
  const value = `${c.arrondi ? "environ " : ""}${number.format(c.valeur)}${c.unite ? ` ${c.unite}` : ""}`;
  const about = [c.indicateur, c.date, c.source ? `source : ${c.source}` : ""].filter(Boolean);
  return `${c.libelle} : ${value}${about.length ? ` (${about.join(", ")})` : ""}`;
}

const ROWS = [
  ["Pour qui", (f) => list(f.publics)],
  ["Ce qu’elle coûte", (f) => list(Object.entries(f.couts).map(([k, v]) => `${k} : ${v}`))],
  ["Étapes", (f) => list(f.etapes)],
  ["Partenaires", (f) => list(f.partenaires)],
  ["Palier atteint", (f) => text(f.palier)],
  ["Niveau de preuve", (f) => text(f.preuve ? `${f.preuve} sur 5 — ${f.preuve_libelle}` : "")],
  ["Née à", (f) => text(f.annee ? `${f.origine}, en ${f.annee}` : f.origine)],
  ["Sites d’essaimage", (f) => list(f.sites)],
  ["Chiffres", (f) => list(f.chiffres.map(figure))],
];

async function load(id) {
  if (!loaded.has(id)) {
    const response = await fetch(new URL(`comparer/fiches/${encodeURIComponent(id)}.json`, base));
    if (response.status === 404) loaded.set(id, null);
    else if (!response.ok) throw new Error(`${id} : ${response.status}`);
    else loaded.set(id, await response.json());
  }
  return loaded.get(id);
}

let shown = 0; // the latest call of show(): an earlier one that ends later draws nothing

async function show() {
  const call = ++shown;
  const facts = (await Promise.all(readIds().map(load))).filter(Boolean);
  if (call !== shown) return;
  const ids = facts.map((f) => f.id);
  writeIds(ids);
  fillChoices(ids);
  limit.hidden = ids.length < max;
  select.disabled = ids.length >= max;
  columns.replaceChildren();
  if (!ids.length) {
    columns.append(el("p", "Choisissez une première innovation dans la liste."));
    return;
  }
  const table = el("table", null, { class: "comparaison" });
  table.append(el("caption", `Comparaison de ${facts.length} innovation${facts.length > 1 ? "s" : ""}`));
  const head = el("tr");
  head.append(el("td"));
  for (const f of facts) {
    const th = el("th", null, { scope: "col" });
    const link = el("a", f.nom, { href: new URL(f.url, base).href });
    const remove = el("button", "Retirer", { type: "button", "data-retirer": f.id, "aria-label": `Retirer ${f.nom}` });
    remove.addEventListener("click", () => {
      writeIds(readIds().filter((id) => id !== f.id));
      show();
    });
    th.append(link, el("br"), el("small", f.accroche), el("br"), remove);
    head.append(th);
  }
  const thead = el("thead");
  thead.append(head);
  table.append(thead);
  const body = el("tbody");
  for (const [title, cell] of ROWS) {
    const row = el("tr");
    row.append(el("th", title, { scope: "row" }));
    for (const f of facts) {
      // On a phone the columns stack: each answer is labelled with its innovation's name.
      const td = el("td", null, { "data-label": f.nom });
      td.append(cell(f));
      row.append(td);
    }
    body.append(row);
  }
  table.append(body);
  columns.append(table);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const ids = readIds();
  if (select.value && !ids.includes(select.value) && ids.length < max) {
    writeIds([...ids, select.value]);
    select.value = "";
    show();
  }
});
show();
