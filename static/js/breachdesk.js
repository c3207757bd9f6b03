// Starts GOV.UK Frontend's components (the error summary's focus, the menu on a phone) and
// shows each follow-up question under the answer that needs it. A module file, not an inline
// script, so the strict Content-Security-Policy holds.
import { initAll, isSupported } from "../vendor/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}

// Conditional reveals: the design system's own Radios and Checkboxes modules would put
// aria-expanded on the inputs, which ARIA does not allow on a radio or checkbox (axe-core's
// aria-allowed-attr). Here the input names what it reveals with aria-controls only, and the
// revealed part is hidden while its answer is not chosen. Without JavaScript all stay visible.
const HIDDEN = { radio: "govuk-radios__conditional--hidden", checkbox: "govuk-checkboxes__conditional--hidden" };

function revealed(input) {
  return document.getElementById(input.getAttribute("aria-controls") || "");
}

function showChosen() {
  for (const input of document.querySelectorAll("input[aria-controls]")) {
    const part = revealed(input);
    if (part && HIDDEN[input.type]) {
      part.classList.toggle(HIDDEN[input.type], !input.checked);
    }
  }
}

for (const input of document.querySelectorAll("input[data-aria-controls]")) {
  input.setAttribute("aria-controls", input.dataset.ariaControls);
}
document.addEventListener("change", (event) => {
  if (event.target instanceof HTMLInputElement && HIDDEN[event.target.type]) {
    showChosen();
  }
});
showChosen();

if (isSupported()) {
  initAll();
}
