// The build buttons' "Building…" state. Without a worker the build runs while the request
// waits, for as long as the last build took: the button says it is building and cannot be
// pressed twice, and the status beside it (aria-live) says how long to expect.
(function () {
  "use strict";

  function seconds(form) {
    var value = parseInt(form.getAttribute("data-build-seconds"), 10);
    return isNaN(value) ? null : value;
  }

  function building(event) {
    var form = event.currentTarget;
    var button = form.querySelector("button[type=submit]");
    var status = form.querySelector("[data-build-status]");
    if (form.getAttribute("data-building")) {
      event.preventDefault(); // pressed again: the first build is under way
      return;
    }
    form.setAttribute("data-building", "true");
    button.textContent = "Building…";
    button.setAttribute("aria-disabled", "true");
    var expected = seconds(form);
    status.textContent =
      "Building the pack" +
      (expected ? ": the last build took " + expected + " second" + (expected === 1 ? "" : "s") : "") +
      ". This page shows it when it is ready.";
  }

  document.querySelectorAll("[data-build-form]").forEach(function (form) {
    form.addEventListener("submit", building);
  });
})();
