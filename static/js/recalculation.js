// The weekly report's page while its figures are computed again in the background: asks the server every
// two seconds how far it has come and says so (aria-live), until it is done or has failed. The server's
// words are set as text, never as HTML.
(function () {
  "use strict";
  var box = document.getElementById("recalculation");
  if (!box || !box.hasAttribute("data-under-way")) return;
  var text = document.getElementById("recalculation-text");
  var button = document.getElementById("recalculation-button");

  function show(state) {
    if (text.textContent !== state.text) text.textContent = state.text;
    text.hidden = !state.text;
    text.classList.toggle("error", state.status === "failed");
    text.classList.toggle("warning", state.status === "discarded");
    if (state.finished) {
      if (button) button.disabled = false;
      document.getElementById("recalculation-done").hidden = state.status !== "done";
    }
  }

  var poll = window.pollStatus(box.dataset.statusUrl, show, 2000);
  window.setTimeout(poll, 2000);
})();
