// Follows a background job: asks its status URL for JSON every so often and hands each answer to show()
// until the answer says it has finished. A busy server or a lost network is asked again, more slowly.
window.pollStatus = function (url, show, everyMs) {
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (!state.finished) window.setTimeout(poll, everyMs);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  return poll;
};
