// Search with Pagefind, served from this site (site/pagefind/), never from another host.
// Every page: a 搜索 link in the header, to the search page. The search page (#jx-search):
// Pagefind's UI with Chinese strings, filters for 年度 / 类型 / 等级, a sort by score, and each
// result titled with its evaluation; the sections it was found in are listed under it.
(function () {
  "use strict";
  var script = document.currentScript;
  var root = new URL("..", script ? script.src : window.location.href); // this file is <root>/assets/search.js

  function headerLink() {
    var header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".jx-search-link")) return;
    var link = document.createElement("a");
    link.className = "md-header__button jx-search-link";
    link.href = new URL("search/", root).href;
    link.textContent = "搜索";
    link.setAttribute("aria-label", "搜索评价报告");
    var after = header.querySelector(".md-header__title");
    header.insertBefore(link, after ? after.nextSibling : null);
  }

  var strings = {
    placeholder: "输入要查找的词语，如 应急物资",
    clear_search: "清除",
    load_more: "显示更多结果",
    search_label: "搜索评价报告",
    filters_label: "筛选",
    zero_results: "没有找到“[SEARCH_TERM]”",
    many_results: "找到 [COUNT] 个与“[SEARCH_TERM]”相关的页面",
    one_result: "找到 1 个与“[SEARCH_TERM]”相关的页面",
    total_zero_results: "没有结果",
    total_one_result: "1 个结果",
    total_many_results: "[COUNT] 个结果",
    alt_search: "没有找到“[SEARCH_TERM]”，显示“[DIFFERENT_TERM]”的结果",
    search_suggestion: "没有找到“[SEARCH_TERM]”，请换一个词试试",
    searching: "正在搜索“[SEARCH_TERM]”……",
    results_label: "搜索结果",
  };

  var sorts = { relevance: null, high: { score: "desc" }, low: { score: "asc" } };

  function searchPage() {
    var box = document.getElementById("jx-search");
    if (!box) return;
    var bundle = new URL(box.getAttribute("data-bundle") || "../pagefind/", window.location.href).href;
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = bundle + "pagefind-ui.css";
    document.head.appendChild(style);

    var order = document.createElement("p");
    order.className = "jx-search-sort";
    order.innerHTML =
      '<label>排序 <select><option value="relevance">按相关度</option>' +
      '<option value="high">按得分从高到低</option><option value="low">按得分从低到高</option></select></label>';
    box.parentNode.insertBefore(order, box);
    var select = order.querySelector("select");

    var ui = null;
    function start(sort) {
      var term = "";
      if (ui) {
        var input = box.querySelector("input");
        term = input ? input.value : "";
        ui.destroy();
      }
      var options = {
        element: "#jx-search",
        bundlePath: bundle,
        baseUrl: root.pathname, // result links under the site's own path (an edition served at /2024/ too)
        showSubResults: true,
        showImages: false,
        resetStyles: false,
        translations: strings,
        openFilters: window.matchMedia("(min-width: 60em)").matches ? ["年度"] : [], // a phone shows the results first
        processResult: function (result) {
          var evaluation = result.meta && result.meta.evaluation;
          if (evaluation && result.meta.title && result.meta.title.indexOf(evaluation) < 0) {
            result.meta.title = evaluation + " › " + result.meta.title;
          }
          delete result.meta.evaluation; // shown in the title, not again as a tag
          return result;
        },
      };
      if (sort) options.sort = sort;
      ui = new window.PagefindUI(options);
      if (term) ui.triggerSearch(term);
    }

    var code = document.createElement("script");
    code.src = bundle + "pagefind-ui.js";
    code.onload = function () {
      start(sorts[select.value]);
      var query = new URLSearchParams(window.location.search).get("q");
      if (query) ui.triggerSearch(query);
    };
    document.body.appendChild(code);
    select.addEventListener("change", function () {
      start(sorts[select.value]);
    });
  }

  headerLink();
  searchPage();
})();
