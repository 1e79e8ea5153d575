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

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (!state.finished) window.setTimeout(poll, 2000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000); // the server is busy or the network is gone: try again, slower
      });
  }
  window.setTimeout(poll, 2000);
})();
