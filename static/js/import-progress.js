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

  var poll = window.pollStatus(box.dataset.statusUrl, show, 1000);
  poll();
})();
