/* Catalogue filters and sorting. Every .jx-catalogue block is complete HTML: without JavaScript its rows
 * show, and the static pages per year and per type list every evaluation. This script adds one <select>
 * per filter named in data-filters (choices from the evaluations themselves, each value a space-separated
 * list: a multi-year evaluation lists every year it covers) and a sort order.
 * On the home page the block names the index of every evaluation (data-index): the script loads it
 * and lists the matches, PAGE at a time. On a static page it filters and reorders the page's rows. */
(function () {
  "use strict";

  var ORDER = { grade: ["优", "良", "中", "差"] };
  var PAGE = 50;
  var SORTS = [
    ["issued-desc", "出具日期（新→旧）"],
    ["issued-asc", "出具日期（旧→新）"],
    ["score-desc", "得分（高→低）"],
    ["score-asc", "得分（低→高）"]
  ];

  function values(item, key) {
    return String(item.data[key] || "").split(" ").filter(Boolean);
  }

  function choices(items, key) {
    var seen = {};
    items.forEach(function (item) { values(item, key).forEach(function (v) { seen[v] = true; }); });
    var found = Object.keys(seen);
    var order = ORDER[key];
    if (order) {
      return found.sort(function (a, b) { return (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99); });
    }
    return key === "year" ? found.sort().reverse() : found.sort(function (a, b) { return a.localeCompare(b, "zh-CN"); });
  }

  function select(name, label, values, first) {
    var wrap = document.createElement("label");
    wrap.textContent = label + " ";
    var box = document.createElement("select");
    box.name = name;
    values.forEach(function (pair) {
      var option = document.createElement("option");
      option.value = pair[0];
      option.textContent = pair[1];
      box.appendChild(option);
    });
    if (first) box.value = first;
    wrap.appendChild(box);
    return wrap;
  }

  function fromRows(root) {
    return Array.prototype.slice.call(root.querySelectorAll("tbody tr")).map(function (tr) {
      return { row: tr, data: tr.dataset };
    });
  }

  function cell(tag, label, text, className) {
    var td = document.createElement(tag);
    td.setAttribute("data-label", label);
    if (tag === "th") td.scope = "row";
    if (className) td.className = className;
    if (text !== null) td.textContent = text;
    return td;
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  /* A table row like the ones the site's pages carry, made when first shown. */
  function rowOf(item, siteRoot, withPdf) {
    if (item.row) return item.row;
    var d = item.data;
    var tr = document.createElement("tr");
    ["year", "type", "grade", "commissioner", "evaluator", "score", "issued"].forEach(function (key) { tr.dataset[key] = d[key]; });
    tr.appendChild(cell("td", "年度", d.label || d.year, "jx-num"));
    tr.appendChild(cell("th", "被评价单位", d.body));
    tr.appendChild(cell("td", "评价类型", d.type));
    tr.appendChild(cell("td", "委托单位", d.commissioner));
    tr.appendChild(cell("td", "评价机构", d.evaluator));
    var score = cell("td", "得分", d.score, "jx-num");
    if (d.recomputed) { /* the report's printed score, and the recomputed one where it differs */
      var note = d.review ? link(siteRoot + d.review, "（复核 " + d.recomputed + "）") : document.createElement("span");
      if (!d.review) note.textContent = "（复核 " + d.recomputed + "）";
      note.className = "jx-review";
      note.title = "报告所印得分与按评分标准复核的得分不同，见复核差异表";
      score.appendChild(note);
    }
    tr.appendChild(score);
    tr.appendChild(cell("td", "等级", d.grade));
    var report = cell("td", "报告", d.href ? null : "未发布");
    if (d.href) report.appendChild(link(siteRoot + d.href, "阅读报告"));
    tr.appendChild(report);
    if (withPdf) {
      var pdf = cell("td", "PDF", d.pdf ? null : "-");
      if (d.pdf) pdf.appendChild(link(siteRoot + d.pdf, "下载 PDF"));
      tr.appendChild(pdf);
    }
    item.row = tr;
    return tr;
  }

  function fromIndex(index) {
    return index.rows.map(function (values) {
      var d = {};
      index.fields.forEach(function (field, i) { d[field] = values[i]; });
      d.year = d.years.join(" ");
      d.label = d.years.length > 1 ? d.years[0] + "—" + d.years[d.years.length - 1] : d.year;
      d.type = index.types[d.type];
      d.commissioner = index.commissioners[d.commissioner];
      d.evaluator = index.evaluators[d.evaluator];
      return { row: null, data: d };
    });
  }

  function compare(sort) {
    var parts = sort.split("-");
    var key = parts[0];
    var sign = parts[1] === "asc" ? 1 : -1;
    return function (a, b) {
      var x = key === "score" ? parseFloat(a.data.score) : a.data.issued;
      var y = key === "score" ? parseFloat(b.data.score) : b.data.issued;
      return x < y ? -sign : x > y ? sign : 0;
    };
  }

  function setup(root, items, options) {
    var filters = (root.dataset.filters || "").split(" ").filter(Boolean).map(function (pair) {
      var parts = pair.split(":");
      return { key: parts[0], label: parts[1] || parts[0] };
    });
    var table = root.querySelector("table");
    var body = table.tBodies[0];
    var withPdf = table.tHead.rows[0].cells.length > 8;
    var form = document.createElement("form");
    form.className = "jx-filters";
    form.setAttribute("aria-label", "筛选评价报告");
    filters.forEach(function (f) {
      var values = [["", "全部"]].concat(choices(items, f.key).map(function (v) { return [v, v]; }));
      form.appendChild(select(f.key, f.label, values));
    });
    form.appendChild(select("sort", "排序", SORTS, "issued-desc"));
    var count = document.createElement("output");
    count.className = "jx-count";
    count.setAttribute("aria-live", "polite");
    form.appendChild(count);
    var more = document.createElement("button");
    more.type = "button";
    more.className = "md-button jx-more";
    var limit = PAGE;

    function apply() {
      var matches = items.filter(function (item) {
        return filters.every(function (f) {
          var want = form.elements[f.key].value;
          return !want || values(item, f.key).indexOf(want) >= 0;
        });
      }).sort(compare(form.elements.sort.value));
      var shown = options.paged ? matches.slice(0, limit) : matches;
      if (options.paged) {
        body.textContent = "";
      } else {
        items.forEach(function (item) { item.row.hidden = true; });
      }
      shown.forEach(function (item) {
        var tr = rowOf(item, options.siteRoot, withPdf);
        tr.hidden = false;
        body.appendChild(tr);
      });
      count.textContent = "显示 " + matches.length + " / " + items.length + " 份";
      more.hidden = shown.length >= matches.length;
      more.textContent = "再显示 " + Math.min(PAGE, matches.length - shown.length) + " 份";
    }

    form.addEventListener("change", function () { limit = PAGE; apply(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    more.addEventListener("click", function () { limit += PAGE; apply(); });
    if (options.caption) table.caption.textContent = options.caption;
    root.insertBefore(form, root.querySelector(".jx-scroll"));
    root.querySelector(".jx-scroll").after(more);
    apply();
  }

  function start(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var index = root.dataset.index;
    if (!index) {
      setup(root, fromRows(root), { paged: false });
      return;
    }
    var url = new URL(index, window.location.href);
    fetch(url.href)
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (data) {
        var siteRoot = index.slice(0, index.lastIndexOf("/") + 1); /* relative, as the page's own links */
        setup(root, fromIndex(data), { paged: true, siteRoot: siteRoot, caption: "全部评价报告（共 " + data.rows.length + " 份）" });
      })
      .catch(function () { setup(root, fromRows(root), { paged: false }); });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".jx-catalogue"), start);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
