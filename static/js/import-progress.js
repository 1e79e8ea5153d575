// A background import's page: asks the server every second how far it has come and shows it, until the
// import is done or has failed. Every text from the server is set as text, never as HTML.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box) return;
  var bar = document.getElementById("import-bar");
  var text = document.getElementById("import-text");
  var problems = document.getElementById("import-problems");
  var words = document.getElementById("import-words").dataset;

  function show(state) {
    bar.value = state.percent;
    bar.textContent = state.percent + " %";
    var line = state.status_text;
    if (state.status === "done") {
      line += ": " + state.imported + " " + words.imported;
    } else if (state.total) {
      line += ": " + state.checked + " " + words.of + " " + state.total + " " + words.checked;
    }
    if (text.textContent !== line) text.textContent = line;
    document.getElementById("import-done").hidden = state.status !== "done";
    document.getElementById("import-again").hidden = state.status !== "failed";
    if (state.status === "failed") {
      var list = problems.querySelector("ul");
      list.replaceChildren();
      state.problems.forEach(function (problem) {
        var item = document.createElement("li");
        item.textContent = problem;
        list.appendChild(item);
      });
      if (state.more_problems) {
        var more = document.createElement("li");
        more.textContent = "… " + state.more_problems + " " + words.more;
        list.appendChild(more);
      }
      problems.hidden = false;
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
        if (!state.finished) window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000); // the server is busy or the network is gone: try again, slower
      });
  }
  poll();
})();
