/* Catalogue filters on the home page: reveal the (hidden) filter form and hide rows
 * that do not match. Without JavaScript the form stays hidden and every row shows. */
(function () {
  "use strict";

  function setup(root) {
    var form = root.querySelector(".jx-filters");
    var rows = Array.prototype.slice.call(root.querySelectorAll("tbody tr"));
    var count = root.querySelector(".jx-count");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var match = ["year", "type", "grade"].every(function (key) {
          var want = form.elements[key].value;
          return !want || row.dataset[key] === want;
        });
        row.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = "显示 " + shown + " / " + rows.length + " 份";
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".jx-catalogue"), setup);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
