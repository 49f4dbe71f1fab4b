/* Catalogue filters on the home page. The page lists every evaluation; this script adds
 * one <select> per filter named in data-filters (choices taken from the rows' data-*
 * attributes, each a space-separated list: a multi-year evaluation lists every year it
 * covers) and hides rows that hold none of the chosen value. Without JavaScript every row shows. */
(function () {
  "use strict";

  var ORDER = { grade: ["优", "良", "中", "差"] };

  function values(row, key) {
    return (row.dataset[key] || "").split(" ").filter(Boolean);
  }

  function choices(rows, key) {
    var seen = {};
    rows.forEach(function (row) { values(row, key).forEach(function (v) { seen[v] = true; }); });
    var found = Object.keys(seen);
    var order = ORDER[key];
    if (order) {
      return found.sort(function (a, b) { return (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99); });
    }
    return key === "year" ? found.sort().reverse() : found.sort();
  }

  function select(name, label, values) {
    var wrap = document.createElement("label");
    wrap.textContent = label + " ";
    var box = document.createElement("select");
    box.name = name;
    [""].concat(values).forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value || "全部";
      box.appendChild(option);
    });
    wrap.appendChild(box);
    return wrap;
  }

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var rows = Array.prototype.slice.call(root.querySelectorAll("tbody tr"));
    var filters = (root.dataset.filters || "").split(" ").filter(Boolean).map(function (pair) {
      var parts = pair.split(":");
      return { key: parts[0], label: parts[1] || parts[0] };
    });
    var form = document.createElement("form");
    form.className = "jx-filters";
    form.setAttribute("aria-label", "筛选评价报告");
    filters.forEach(function (f) { form.appendChild(select(f.key, f.label, choices(rows, f.key))); });
    var count = document.createElement("output");
    count.className = "jx-count";
    count.setAttribute("aria-live", "polite");
    form.appendChild(count);

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var match = filters.every(function (f) {
          var want = form.elements[f.key].value;
          return !want || values(row, f.key).indexOf(want) >= 0;
        });
        row.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = "显示 " + shown + " / " + rows.length + " 份";
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    root.insertBefore(form, root.firstChild);
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
