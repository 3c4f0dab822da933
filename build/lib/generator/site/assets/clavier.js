// Material's menu button is a <label> for a hidden checkbox: a keyboard cannot reach it. Give it
// the role and focus of a button. Material already clicks a focused label on Enter; Space is
// added here, as for any button. Without JavaScript the menu stays as Material made it (the skip
// link and the page's own links remain available).
for (const label of document.querySelectorAll('label.md-header__button[for="__drawer"]')) {
  const toggle = document.getElementById("__drawer");
  const sync = () => label.setAttribute("aria-expanded", toggle && toggle.checked ? "true" : "false");
  label.setAttribute("role", "button");
  label.setAttribute("tabindex", "0");
  label.setAttribute("aria-label", "Menu");
  sync();
  if (toggle) toggle.addEventListener("change", sync);
  label.addEventListener("keydown", (event) => {
    if (event.key === " ") {
      event.preventDefault();
      label.click();
    }
  });
}
