// The commune box: finds a commune by name or INSEE code and opens its département's page.
// Without JavaScript the form stays hidden and the list of départements beside it does the job.
// The communes are split in small files by the first two letters (or digits) of the name or
// code (assets/communes/<xx>.json, written by generator/site/places.py): one is loaded, only
// when the reader types.

const MAX_SHOWN = 8;

for (const root of document.querySelectorAll("[data-communes]")) {
  const form = root.querySelector("[data-commune]");
  const input = form.querySelector("input");
  const list = form.querySelector("[data-commune-resultats]");
  const filesUrl = new URL(root.dataset.communes, document.baseURI);
  const pagesUrl = new URL(root.dataset.departements, document.baseURI);
  const files = new Map();
  let matches = [];

  form.hidden = false;

  // Same folding as places._fold: lower case, no accents, letters and digits only.
  function fold(text) {
    return text
      .toLowerCase()
      .replaceAll("œ", "oe")
      .replaceAll("æ", "ae")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]/g, "");
  }

  function load(key) {
    if (!files.has(key)) {
      const url = new URL(`${key}.json`, filesUrl);
      files.set(
        key,
        fetch(url).then((r) => (r.ok ? r.json() : [])).catch(() => []),
      );
    }
    return files.get(key);
  }

  function pageOf(dep) {
    return new URL(`${dep.toLowerCase()}/`, pagesUrl).href;
  }

  async function search() {
    const query = fold(input.value);
    list.replaceChildren();
    matches = [];
    if (query.length < 2) return;
    const rows = await load(query.slice(0, 2));
    if (fold(input.value) !== query) return; // the reader typed on meanwhile
    matches = rows.filter(
      ([nom, code]) => fold(nom).startsWith(query) || fold(code).startsWith(query),
    );
    // exact name or code first
    matches.sort((a, b) => (fold(b[0]) === query || fold(b[1]) === query) - (fold(a[0]) === query || fold(a[1]) === query));
    for (const [nom, code, dep] of matches.slice(0, MAX_SHOWN)) {
      const link = document.createElement("a");
      link.href = pageOf(dep);
      link.textContent = `${nom} (${code})`;
      const item = document.createElement("li");
      item.append(link, ` → département ${dep}`);
      list.append(item);
    }
    if (!matches.length) {
      const item = document.createElement("li");
      item.textContent = "Aucune commune trouvée : vérifiez l’orthographe, ou choisissez le département dans la liste.";
      list.append(item);
    } else if (matches.length > MAX_SHOWN) {
      const item = document.createElement("li");
      const more = matches.length - MAX_SHOWN;
      item.textContent = `… et ${more} ${more > 1 ? "autres" : "autre"} : précisez le nom.`;
      list.append(item);
    }
  }

  input.addEventListener("input", search);
  // Enter opens the département of the first commune listed, unless the name typed is the
  // whole name of communes in several départements (Saint-Denis: Aude, Gard,
  // Seine-Saint-Denis, La Réunion): then the reader chooses in the list.
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await search();
    if (!matches.length) return;
    const query = fold(input.value);
    const exact = matches.filter(([nom, code]) => fold(nom) === query || fold(code) === query);
    if (new Set(exact.map((m) => m[2])).size <= 1) {
      window.location.href = pageOf(matches[0][2]);
      return;
    }
    const item = document.createElement("li");
    item.className = "commune-choix";
    item.textContent = "Plusieurs communes correspondent, dans des départements différents : choisissez la vôtre.";
    list.prepend(item);
    list.querySelector("a")?.focus();
  });
}
