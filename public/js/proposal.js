// The proposal form shows the parts of the chosen kind only: its attachments, its
// questions (KSDD's nature) and its types of partner (src/core/sop/kinds.ts). The
// server renders the same for a kind already chosen; without this file every part shows.
const jenis = document.getElementById("jenis");
const partner = document.getElementById("partnerKind");

function show() {
  const k = jenis.value;
  for (const el of document.querySelectorAll("[data-kinds]")) {
    const fits = !k || el.dataset.kinds.split(" ").includes(k);
    el.hidden = !fits;
    if (el instanceof HTMLOptionElement) el.disabled = !fits;
  }
  // A partner type the new kind does not allow is cleared, so that it is chosen again.
  if (partner && partner.selectedOptions[0]?.disabled) partner.value = "";
}

if (jenis) {
  jenis.addEventListener("change", show);
  show();
}
