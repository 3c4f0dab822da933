// Theme and public labels lead to pages listing their sheets, which read without JavaScript
// (thematiques/<code>/, publics/<code>/). With JavaScript, they lead to the explorer filtered on
// the same value instead, where search and other filters add to it.
for (const link of document.querySelectorAll("a[data-filtre-explorateur]")) {
  link.setAttribute("href", link.getAttribute("data-filtre-explorateur"));
}
