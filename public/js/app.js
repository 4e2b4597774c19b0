// Small progressive enhancements; every page works without this file.
document.documentElement.classList.add("js");

// On a phone the menu folds behind a "Menu" button.
const toggle = document.querySelector(".nav-toggle");
const nav = document.getElementById("main-nav");
if (toggle && nav) {
  toggle.addEventListener("click", () => {
    const open = nav.classList.toggle("open");
    toggle.setAttribute("aria-expanded", String(open));
  });
}

// Tables marked "cards" become one card per row on small screens: each cell is labelled with its column.
for (const table of document.querySelectorAll("table.cards")) {
  const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
  for (const row of table.querySelectorAll("tbody tr")) {
    [...row.children].forEach((cell, i) => {
      if (heads[i] && !cell.hasAttribute("colspan")) cell.setAttribute("data-label", heads[i]);
    });
  }
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const question = form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  // Prevent double submissions of the same form.
  if (form.dataset.submitted === "1") {
    event.preventDefault();
    return;
  }
  form.dataset.submitted = "1";
  setTimeout(() => delete form.dataset.submitted, 5000);
});

// Print buttons (no inline handlers: the CSP forbids them).
document.addEventListener("click", (event) => {
  const el = event.target instanceof Element ? event.target.closest("[data-print]") : null;
  if (el) window.print();
});

// Parts of a form that apply only when a choice has a value ("data-only-when=field=value"):
// hidden, and their inputs disabled (so not sent), while the choice says otherwise.
// Without this file every part stays visible and the server says which apply.
for (const form of document.querySelectorAll("form")) {
  const parts = [...form.querySelectorAll("[data-only-when]")];
  if (!parts.length) continue;
  const sync = () => {
    for (const part of parts) {
      const [field, value] = part.dataset.onlyWhen.split("=");
      const chosen = form.querySelector(`input[name="${field}"]:checked`);
      const on = !!chosen && chosen.value === value;
      part.hidden = !on;
      for (const input of part.querySelectorAll("input, select, textarea")) {
        input.disabled = !on;
        input.required = on;
      }
    }
  };
  form.addEventListener("change", sync);
  sync();
}
