/* sitegen: in-browser search over Pagefind's index. Three parts:
   - the header box: results under the box as the reader types (Enter or 查看全部 opens the search page);
   - the search page (/search/?q=…&section=…&page=…&year=…&author=…&sort=date:desc): filters, sort,
     results with date, section and an excerpt marking the words searched;
   - an article opened from a result (?highlight=…): the words searched are marked in the text.
   The index may be in several bundles (shards of whole issues, newest first), merged into one
   Pagefind instance with mergeIndex; each bundle's pages carry a synthetic `shard` filter.
   Pagefind's own excerpt and highlighter work on its word segmentation; Chinese readers expect the
   characters they typed, so excerpts and highlights here match the query as typed. */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  var SUGGESTIONS = 5;
  var DEBOUNCE_MS = 180;
  var RANKING = { metaWeights: { title: 5, head: 8, kw: 1, section: 1, issue: 0, page: 0 } };
  var EXCERPT_CHARS = 96;
  var SCAN_LIMIT = 50;

  /* ---------- the engine: every bundle, merged ---------- */

  var enginePromise = null;

  function searchConfig() {
    var form = document.querySelector("form[data-search-bundles]");
    if (!form) { return null; }
    var bundles = form.getAttribute("data-search-bundles").split(" ").filter(Boolean);
    return bundles.length ? { bundles: bundles, base: form.getAttribute("data-search-base") } : null;
  }

  function engine() {
    if (!enginePromise) {
      var config = searchConfig();
      enginePromise = config ? loadEngine(config) : Promise.reject(new Error("no search index"));
    }
    return enginePromise;
  }

  async function loadEngine(config) {
    var pagefind = await import(config.bundles[0] + "pagefind.js");
    var sharded = config.bundles.length > 1;
    var options = { baseUrl: config.base, excerptLength: 40, ranking: RANKING };
    await pagefind.options(sharded ? Object.assign({ mergeFilter: { shard: "1" } }, options) : options);
    for (var n = 1; n < config.bundles.length; n++) {
      await pagefind.mergeIndex(config.bundles[n], Object.assign({ mergeFilter: { shard: String(n + 1) } }, options));
    }
    return {
      search: function (query, options) { return search(pagefind, config.bundles.length, query, options); },
      filters: function () { return pagefind.filters(); }
    };
  }

  /* By score, Pagefind merges the bundles itself. By date it would merge them by score too (each
     bundle's rank by date), so each bundle is asked on its own (its synthetic `shard` filter) and
     the answers follow one another: the bundles hold whole issues, newest first. */
  async function search(pagefind, shards, query, options) {
    if (!options.sort || shards === 1) { return pagefind.search(query, options); }
    var order = [];
    for (var n = 1; n <= shards; n++) { order.push(String(n)); }
    if (options.sort.date === "asc") { order.reverse(); }
    var answers = await Promise.all(order.map(function (shard) {
      return pagefind.search(query, Object.assign({}, options, {
        filters: Object.assign({}, options.filters, { shard: shard })
      }));
    }));
    var results = [];
    answers.forEach(function (answer) { results = results.concat(answer.results); });
    return { results: results, filters: mergeCounts(answers.map(function (a) { return a.filters; })) };
  }

  function mergeCounts(list) {
    var merged = {};
    list.forEach(function (filters) {
      Object.keys(filters || {}).forEach(function (name) {
        merged[name] = merged[name] || {};
        Object.keys(filters[name]).forEach(function (value) {
          merged[name][value] = (merged[name][value] || 0) + filters[name][value];
        });
      });
    });
    return merged;
  }

  /* ---------- matching what the reader typed ---------- */

  function parts(query) {
    return query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  }

  /* The query cut as the browser cuts it (what Pagefind searched), for results that hold only some of it. */
  function pieces(query) {
    if (typeof Intl === "undefined" || !Intl.Segmenter) { return parts(query); }
    var segmenter = new Intl.Segmenter("zh-CN", { granularity: "word" });
    var found = [];
    Array.from(segmenter.segment(query.toLowerCase())).forEach(function (s) {
      if (s.isWordLike && found.indexOf(s.segment) < 0) { found.push(s.segment); }
    });
    return found;
  }

  function containsAll(text, needles) {
    var lower = text.toLowerCase();
    return needles.every(function (n) { return lower.indexOf(n) >= 0; });
  }

  /* Ranges [start, end) of every needle in text, merged where they overlap. */
  function hits(text, needles) {
    var lower = text.toLowerCase();
    var ranges = [];
    needles.forEach(function (needle) {
      for (var at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
        ranges.push([at, at + needle.length]);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) { last[1] = Math.max(last[1], r[1]); } else { merged.push(r.slice()); }
    });
    return merged;
  }

  /* Append text to node with the ranges marked. */
  function appendMarked(node, text, ranges, offset, markClass) {
    var at = 0;
    ranges.forEach(function (r) {
      var start = r[0] - offset, end = r[1] - offset;
      if (end <= 0 || start >= text.length) { return; }
      start = Math.max(start, at);
      end = Math.min(end, text.length);
      node.appendChild(document.createTextNode(text.slice(at, start)));
      var mark = document.createElement("mark");
      if (markClass) { mark.className = markClass; }
      mark.textContent = text.slice(start, end);
      node.appendChild(mark);
      at = end;
    });
    node.appendChild(document.createTextNode(text.slice(at)));
  }

  /* Pagefind joins the blocks of a page with ". ", which reads oddly after Chinese text. */
  function plainText(content) {
    return content.replace(/([^\x00-\x7f])\. /g, "$1 ");
  }

  /* An excerpt around the first hit after the headline (else the first hit, else the start of the
     body), never repeating the headline the result shows above it. */
  function excerpt(content, title, needles) {
    var text = plainText(content);
    var bodyStart = text.indexOf(title) >= 0 ? text.indexOf(title) + title.length : 0;
    while (bodyStart < text.length && /\s/.test(text[bodyStart])) { bodyStart++; }
    var found = hits(text, needles);
    var inBody = found.filter(function (r) { return r[0] >= bodyStart; });
    var first = (inBody[0] || [bodyStart])[0];
    var start = Math.max(bodyStart, first - Math.floor(EXCERPT_CHARS / 3));
    while (start < text.length && /\s/.test(text[start])) { start++; }
    var end = Math.min(text.length, start + EXCERPT_CHARS);
    var p = document.createElement("p");
    p.className = "result-excerpt";
    if (start > bodyStart) { p.appendChild(document.createTextNode("…")); }
    appendMarked(p, text.slice(start, end), found, start);
    if (end < text.length) { p.appendChild(document.createTextNode("…")); }
    return p;
  }

  function resultUrl(data, query) {
    var url = data.meta.url || data.url;
    return query ? url + "?highlight=" + encodeURIComponent(query.trim()) : url;
  }

  function metaLine(meta) {
    return [meta.issue, meta.page, meta.section].filter(Boolean).join(" · ");
  }

  /* ---------- the header box ---------- */

  function setupSuggest() {
    var form = document.querySelector("form.site-search[data-search-bundles]");
    var input = form && form.querySelector("input[name=q]");
    if (!input || !searchConfig()) { return; }
    var list = document.createElement("ul");
    list.id = "site-search-list";
    list.className = "search-suggest";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "搜索结果");
    list.hidden = true;
    form.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    var state = { timer: 0, serial: 0, active: -1 };

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      state.active = -1;
    }
    function options() { return list.querySelectorAll("[role=option]"); }
    function activate(n) {
      var all = options();
      if (!all.length) { return; }
      state.active = (n + all.length) % all.length;
      all.forEach(function (o, i) { o.setAttribute("aria-selected", String(i === state.active)); });
      input.setAttribute("aria-activedescendant", all[state.active].id);
      all[state.active].scrollIntoView({ block: "nearest" });
    }
    async function run() {
      var query = input.value.trim();
      var serial = ++state.serial;
      if (!query) { close(); return; }
      var found;
      try { found = await (await engine()).search(query, {}); } catch (e) { close(); return; }
      var top = await Promise.all(found.results.slice(0, SUGGESTIONS).map(function (r) { return r.data(); }));
      if (serial !== state.serial) { return; }
      var shown = top.filter(function (data) { return containsAll(data.content, parts(query)); });
      renderSuggestions(list, shown, found.results.length, query, form.getAttribute("action"));
      state.active = -1;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    input.addEventListener("input", function () {
      clearTimeout(state.timer);
      state.timer = setTimeout(run, DEBOUNCE_MS);
    });
    input.addEventListener("focus", function () { engine().catch(function () {}); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) { return; }
        event.preventDefault();
        activate(state.active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Escape") {
        close();
      } else if (event.key === "Enter" && state.active >= 0 && !list.hidden) {
        event.preventDefault();
        location.href = options()[state.active].querySelector("a").href;
      }
    });
    document.addEventListener("click", function (event) { if (!form.contains(event.target)) { close(); } });
    form.addEventListener("focusout", function (event) {
      if (!form.contains(event.relatedTarget)) { close(); }
    });
  }

  function renderSuggestions(list, shown, total, query, action) {
    list.textContent = "";
    var exact = parts(query);
    shown.forEach(function (data, n) {
      var li = document.createElement("li");
      li.id = "site-search-opt-" + n;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var a = document.createElement("a");
      a.href = resultUrl(data, query);
      var title = document.createElement("span");
      title.className = "suggest-title";
      appendMarked(title, data.meta.title, hits(data.meta.title, exact), 0);
      var meta = document.createElement("span");
      meta.className = "suggest-meta";
      meta.textContent = metaLine(data.meta);
      a.appendChild(title);
      a.appendChild(meta);
      li.appendChild(a);
      list.appendChild(li);
    });
    var last = document.createElement("li");
    last.className = "suggest-all";
    if (!shown.length) {
      var none = document.createElement("p");
      none.textContent = "未找到包含“" + query + "”的文章";
      last.appendChild(none);
    }
    if (total) {
      last.id = "site-search-opt-" + shown.length;
      last.setAttribute("role", "option");
      last.setAttribute("aria-selected", "false");
      var all = document.createElement("a");
      all.href = action + "?q=" + encodeURIComponent(query);
      all.textContent = shown.length ? "查看全部 " + total + " 条结果" : "查看只含部分字词的结果";
      last.appendChild(all);
    }
    list.appendChild(last);
  }

  /* ---------- the search page ---------- */

  function setupSearchPage() {
    var form = document.querySelector("form[data-search-page]");
    if (!form) { return; }
    var view = {
      form: form,
      input: form.querySelector("input[name=q]"),
      selects: form.querySelectorAll("select[data-filter]"),
      sort: form.querySelector("select[name=sort]"),
      status: document.getElementById("search-status"),
      list: document.getElementById("search-results"),
      more: document.getElementById("search-more"),
      serial: 0, timer: 0, results: [], next: 0, exactShown: 0, partialShown: 0, query: "", order: ""
    };
    if (!searchConfig()) { return; }
    var params = new URLSearchParams(location.search);
    view.input.value = params.get("q") || "";
    view.sort.value = params.get("sort") || "";
    form.querySelector(".search-controls").hidden = false;
    engine().then(async function (e) {
      fillFilters(view, await e.filters(), params);
      run(view);
    }, function () {
      view.status.textContent = "搜索索引未能加载，请稍后再试。";
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); run(view); });
    view.input.addEventListener("input", function () {
      clearTimeout(view.timer);
      view.timer = setTimeout(function () { run(view); }, DEBOUNCE_MS);
    });
    form.addEventListener("change", function (event) { if (event.target.tagName === "SELECT") { run(view); } });
    view.more.querySelector("button").addEventListener("click", function () { showMore(view); });
  }

  function fillFilters(view, totals, params) {
    view.selects.forEach(function (select) {
      var name = select.getAttribute("data-filter");
      var values = Object.keys(totals[name] || {}).sort(filterOrder(name, totals[name] || {}));
      values.forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = filterLabel(name, value);
        select.appendChild(option);
      });
      select.value = params.get(name) || "";
      select.closest("label").hidden = values.length === 0;
    });
  }

  function filterOrder(name, counts) {
    if (name === "year") { return function (a, b) { return b.localeCompare(a); }; }
    if (name === "page") { return function (a, b) { return a.localeCompare(b, "zh-CN"); }; }
    return function (a, b) { return counts[b] - counts[a] || a.localeCompare(b, "zh-CN"); };
  }

  function filterLabel(name, value) {
    return name === "year" ? value + "年" : value;
  }

  function chosen(view) {
    var filters = {};
    view.selects.forEach(function (select) {
      if (select.value) { filters[select.getAttribute("data-filter")] = select.value; }
    });
    return filters;
  }

  function remember(view, filters) {
    var params = new URLSearchParams();
    if (view.input.value.trim()) { params.set("q", view.input.value.trim()); }
    Object.keys(filters).forEach(function (name) { params.set(name, filters[name]); });
    if (view.sort.value) { params.set("sort", view.sort.value); }
    var search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
  }

  async function run(view) {
    var query = view.input.value.trim();
    var filters = chosen(view);
    var serial = ++view.serial;
    remember(view, filters);
    if (!query && !Object.keys(filters).length) {
      view.list.textContent = "";
      view.more.hidden = true;
      view.status.textContent = "输入字词即可搜索，也可以只按栏目、版面、年份或作者浏览。";
      return;
    }
    view.status.textContent = "正在搜索…";
    var sort = view.sort.value || (query ? "" : "date:desc");
    var options = { filters: filters };
    if (sort) { options.sort = { date: sort.split(":")[1] }; }
    var found = await (await engine()).search(query || null, options);
    if (serial !== view.serial) { return; }
    updateCounts(view, found.filters);
    Object.assign(view, { results: found.results, next: 0, exactShown: 0, partialShown: 0, query: query, order: sort });
    view.list.textContent = "";
    await showMore(view);
  }

  /* Show the next results. By relevance: the next ten, those holding every word typed first, the
     others (the browser cut the query into characters found apart) after a divider. By date, the
     characters found apart would crowd the list, so only results holding the words typed are
     shown: up to ten, looking through at most SCAN_LIMIT results a time. */
  async function showMore(view) {
    var serial = view.serial;
    var exact = parts(view.query);
    var added = 0;
    for (var scanned = 0; view.next < view.results.length && added < PAGE_SIZE && scanned < SCAN_LIMIT;) {
      var batch = view.results.slice(view.next, view.next + PAGE_SIZE);
      var datas = await Promise.all(batch.map(function (r) { return r.data(); }));
      if (serial !== view.serial) { return; }
      view.next += batch.length;
      scanned += batch.length;
      var rows = datas.map(function (data) { return { data: data, exact: containsAll(data.content, exact) }; });
      if (view.order) { rows = rows.filter(function (row) { return row.exact; }); }
      rows.sort(function (a, b) { return Number(b.exact) - Number(a.exact); });
      rows.forEach(function (row) { appendResult(view, row); });
      added += rows.length;
      if (!view.order) { break; }
    }
    view.more.hidden = view.next >= view.results.length;
    view.status.textContent = statusText(view);
  }

  function appendResult(view, row) {
    if (!row.exact && !view.partialShown && view.exactShown) {
      var divider = document.createElement("li");
      divider.className = "result-divider";
      divider.textContent = "以下文章只包含“" + view.query + "”中的部分字词";
      view.list.appendChild(divider);
    }
    view[row.exact ? "exactShown" : "partialShown"] += 1;
    view.list.appendChild(resultItem(row.data, view.query, row.exact));
  }

  function statusText(view) {
    var total = view.results.length;
    var query = view.query;
    var order = view.order === "date:asc" ? "旧的在前" : "新的在前";
    if (!total) { return query ? "未找到与“" + query + "”相关的文章。换个说法，或减少筛选条件试试。" : "没有符合筛选条件的文章。"; }
    if (!query) { return "共 " + total + " 篇文章，按日期排列，" + order; }
    if (view.order) {
      if (view.exactShown) { return "包含“" + query + "”的文章，按日期排列，" + order; }
      return view.more.hidden ? "未找到包含“" + query + "”的文章。" : "还没有找到包含“" + query + "”的文章，可以继续查找。";
    }
    if (!view.exactShown) { return "未找到包含“" + query + "”的文章；以下 " + total + " 篇包含其中的部分字词。"; }
    return "找到 " + total + " 篇与“" + query + "”相关的文章";
  }

  function updateCounts(view, counts) {
    view.selects.forEach(function (select) {
      var name = select.getAttribute("data-filter");
      Array.from(select.options).forEach(function (option) {
        if (!option.value) { return; }
        var n = (counts[name] || {})[option.value] || 0;
        option.textContent = filterLabel(name, option.value) + "（" + n + "）";
        option.disabled = n === 0 && select.value !== option.value;
      });
    });
  }

  function resultItem(data, query, exact) {
    var li = document.createElement("li");
    li.className = "result" + (exact ? "" : " result-partial");
    var h = document.createElement("h2");
    h.className = "result-title";
    var a = document.createElement("a");
    a.href = resultUrl(data, query);
    var needles = exact ? parts(query) : pieces(query);
    appendMarked(a, data.meta.title, hits(data.meta.title, needles), 0);
    h.appendChild(a);
    var meta = document.createElement("p");
    meta.className = "result-meta";
    meta.textContent = metaLine(data.meta);
    if (!exact && query) {
      var tag = document.createElement("span");
      tag.className = "result-tag";
      tag.textContent = "部分匹配";
      meta.appendChild(tag);
    }
    li.appendChild(h);
    li.appendChild(meta);
    li.appendChild(excerpt(data.content, data.meta.title, query ? needles : []));
    return li;
  }

  /* ---------- an article opened from a result ---------- */

  function highlightArticle() {
    var query = new URLSearchParams(location.search).get("highlight");
    var story = document.querySelector("[data-pagefind-body]");
    if (!query || !story) { return; }
    var needles = parts(query);
    var walker = document.createTreeWalker(story, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentNode.closest("[data-pagefind-ignore]") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) { nodes.push(walker.currentNode); }
    nodes.forEach(function (node) {
      var ranges = hits(node.nodeValue, needles);
      if (!ranges.length) { return; }
      var span = document.createDocumentFragment();
      appendMarked(span, node.nodeValue, ranges, 0, "search-hit");
      node.parentNode.replaceChild(span, node);
    });
    var first = story.querySelector(".story-body mark.search-hit") || story.querySelector("mark.search-hit");
    if (first && first.getBoundingClientRect().top > innerHeight) { first.scrollIntoView({ block: "center" }); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupSuggest();
    setupSearchPage();
    highlightArticle();
  });
})();
