// Starts GOV.UK Frontend's components (conditional reveals, error summary focus, the menu on a
// phone). A module file, not an inline script, so the strict Content-Security-Policy holds.
import { initAll, isSupported } from "../vendor/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
if (isSupported()) {
  initAll();
}
