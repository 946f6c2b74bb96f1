// Follows a pack's build on its page: polls the build's JSON status, moves the <progress>
// bar and its text, and reloads the page when the build is ready or has failed.
(function () {
  "use strict";

  var panel = document.querySelector("[data-pack-status-url]");
  if (!panel) {
    return;
  }
  var url = panel.getAttribute("data-pack-status-url");
  var bar = document.getElementById("pack-progress");
  var stage = document.getElementById("pack-stage-text");
  var percent = document.getElementById("pack-percent");
  var quickly = 1000;
  var delay = quickly;

  function show(status) {
    var text = status.progress + "%";
    bar.value = status.progress;
    bar.textContent = text;
    // Only real changes, so that screen readers hear each stage once.
    if (stage.textContent !== (status.stage || status.status_label)) {
      stage.textContent = status.stage || status.status_label;
    }
    if (percent.textContent !== text) {
      percent.textContent = text;
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (status.finished) {
          window.location.reload();
          return;
        }
        delay = quickly;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        // The server may be restarting: try again, less and less often.
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
