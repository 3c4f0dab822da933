// French search: what a reader types, made into the query Pagefind answers best.
//
// The index holds each elided word both whole and by its parts (« d'insertion » and « insertion »:
// see generator/site/search_text.py); Pagefind finds words by their beginning and by their stem.
// So a query:
// - loses its elided articles, whatever the apostrophe: « l’insertion » searches « insertion »;
// - loses the short words nearly every sheet holds (« à », « de », « la »…) when it has others: a
//   searched « à » would also match every word starting with « a »;
// - searches a sigle of the catalogue (listed in pagefind/bundles.json by the build) as a whole
//   word, in Pagefind's quotes: « ess » finds the « ESS », not every word starting with « ess »
//   (« essaimage »). Pagefind takes one quoted part per query: the first sigle only.
// A query the reader quotes is left as written, elisions apart.
// `extrait` gives a result's excerpt its typographic apostrophes back.

const APOSTROPHES = /[’‘ʼ´`]/g;
const ELISION = /(^|[^\p{L}\p{N}])(?:jusqu|lorsqu|puisqu|quoiqu|qu|[cdjlmnst])'/giu;
const SHORT_WORDS = new Set([
  "a", "à", "au", "aux", "de", "des", "du", "en", "et", "la", "le", "les", "ou", "un", "une",
]);

let sigles = null; // the promise of the catalogue's sigles, in lower case

function loadSigles() {
  if (sigles === null) {
    sigles = fetch(new URL("../pagefind/bundles.json", import.meta.url))
      .then((response) => (response.ok ? response.json() : {}))
      .then((listing) => new Set((listing.sigles || []).map((s) => s.toLowerCase())))
      .catch(() => new Set());
  }
  return sigles;
}

/** The query Pagefind gets for what the reader typed, given the catalogue's sigles (lower case). */
export function normaliser(typed, known = new Set()) {
  const text = (typed || "").replace(APOSTROPHES, "'").replace(ELISION, "$1");
  if (text.includes('"')) return text.trim();
  let words = text.split(/\s+/).filter(Boolean);
  const meaningful = words.filter((word) => !SHORT_WORDS.has(word.toLowerCase()));
  if (meaningful.length) words = meaningful;
  const sigle = words.findIndex((word) => known.has(word.toLowerCase()));
  if (sigle >= 0) words[sigle] = `"${words[sigle]}"`;
  return words.join(" ");
}

/** The query Pagefind gets for what the reader typed (loads the sigles once). */
export async function requete(typed) {
  if (!typed) return "";
  return normaliser(typed, await loadSigles());
}

/** A result's excerpt (Pagefind's escaped text and <mark>) with the sheets' apostrophe back: the
 * index reads « d'insertion » where the sheet writes « d’insertion ». */
export function extrait(excerpt) {
  return (excerpt || "").replace(/(?<=\p{L})(?:'|&#39;|&#x27;|&apos;)(?=\p{L})/gu, "’");
}
