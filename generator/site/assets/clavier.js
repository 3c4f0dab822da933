// Material's menu button is a <label> for a hidden checkbox: a keyboard cannot reach it, and a
// label may not take the role of a button. With JavaScript, a real <button> with the same icon
// takes its place in the header and toggles the same checkbox (Enter and Space, as any button).
// Without JavaScript the menu stays as Material made it (the skip link and the page's own links
// remain available).
for (const label of document.querySelectorAll('label.md-header__button[for="__drawer"]')) {
  const toggle = document.getElementById("__drawer");
  if (!toggle) continue;
  const button = document.createElement("button");
  button.type = "button";
  button.className = `${label.className} catalogue-menu`;
  button.setAttribute("aria-label", "Menu");
  button.append(...label.childNodes); // Material's own icon
  const sync = () => button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
  sync();
  toggle.addEventListener("change", sync);
  button.addEventListener("click", () => toggle.click()); // fires "change", as a click on the label
  label.replaceWith(button);
}
