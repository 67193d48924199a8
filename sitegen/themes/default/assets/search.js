/* sitegen: in-browser search over Pagefind's index. Three parts:
   - the header box: results under the box as the reader types (Enter or 查看全部 opens the search page);
   - the search page (/search/?q=…&section=…&page=…&year=…&author=…&sort=date:desc): filters, sort,
     results with date, section and an excerpt marking the words searched;
   - an article opened from a result (?highlight=…): the words searched are marked in the text.
   The index is in bundles by period (search/shards.json lists them, newest first: the weeks of the
   latest month, then months, then years): the newest bundles, up to the manifest's `recent`
   articles (the project's search_recent), are merged into one Pagefind instance with mergeIndex,
   the others when the reader asks for every year or picks an older one in the year filter. Each bundle's pages carry a synthetic `shard` filter (its place in
   the list).
   Pagefind's own excerpt and highlighter work on its word segmentation; Chinese readers expect the
   characters they typed, so excerpts and highlights here match the query as typed.
   A phrase typed is a phrase found: each query is asked twice, as typed and as Pagefind's exact
   phrase ("…"), and the articles of the exact answer come first; the first results are then read
   (their fragments) and those holding the text typed, in the title first, lead the list. Only they
   are counted as found; the rest follow a divider as partial matches with their own count. */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  var SUGGESTIONS = 5;
  var DEBOUNCE_MS = 180;
  var RANKING = { metaWeights: { title: 5, head: 8, kw: 1, section: 1, issue: 0, page: 0 } };
  var EXCERPT_CHARS = 96;
  var SCAN_LIMIT = 50;
  var CHECKED = 20;     /* results read for the text typed before the first page is shown … */
  var CHECK_ALL = 40;   /* … or all of them, when there are no more than this: the count is then exact */

  /* ---------- the engine: the recent bundles, merged; the rest on request ---------- */

  var enginePromise = null;

  function searchConfig() {
    var form = document.querySelector("form[data-search-shards]");
    if (!form) { return null; }
    return { manifest: form.getAttribute("data-search-shards"), base: form.getAttribute("data-search-base") };
  }

  function engine() {
    if (!enginePromise) {
      var config = searchConfig();
      enginePromise = config ? loadEngine(config) : Promise.reject(new Error("no search index"));
    }
    return enginePromise;
  }

  /* The bundles searched first: the newest, up to `recent` articles (at least one bundle), and
     those of undated issues (of no year): an archive of a few years is searched whole, a larger one
     from its recent years. */
  function recentOf(shards, recent) {
    var total = 0;
    return shards.filter(function (s, n) {
      if (!s.to) { return true; }
      total += s.articles;
      return n === 0 || total <= recent;
    });
  }

  function years(shard) {
    if (!shard.from) { return []; }
    var found = [];
    for (var y = +shard.from.slice(0, 4); y <= +shard.to.slice(0, 4); y++) { found.push(String(y)); }
    return found;
  }

  async function loadEngine(config) {
    var response = await fetch(config.manifest);
    if (!response.ok) { throw new Error("no search manifest"); }
    var manifest = await response.json();
    var shards = manifest.shards.map(function (s, n) {
      return Object.assign({ url: config.base + s.bundle, label: String(n + 1) }, s);
    });
    var first = recentOf(shards, manifest.recent);
    var pagefind = await import(first[0].url + "pagefind.js");
    var options = { baseUrl: config.base, excerptLength: 40, ranking: RANKING };
    await pagefind.options(Object.assign({ mergeFilter: { shard: first[0].label } }, options));
    var loaded = [first[0]];
    async function load(wanted) {
      for (var n = 0; n < wanted.length; n++) {
        if (loaded.indexOf(wanted[n]) < 0) {
          loaded.push(wanted[n]);
          await pagefind.mergeIndex(wanted[n].url, Object.assign({ mergeFilter: { shard: wanted[n].label } }, options));
        }
      }
      loaded.sort(function (a, b) { return shards.indexOf(a) - shards.indexOf(b); });
    }
    await load(first);
    var ask = function (query, options) { return search(pagefind, loaded, query, options); };
    return {
      search: ask,
      find: function (query, options) { return find(ask, query, options); },
      filters: function () { return pagefind.filters(); },
      shards: shards,
      loaded: function () { return loaded.slice(); },
      everything: function () { return loaded.length === shards.length; },
      /* Merge every bundle (year: those holding that year's issues); how many were not yet. */
      widen: async function (year) {
        var before = loaded.length;
        await load(shards.filter(function (s) { return !year || years(s).indexOf(year) >= 0; }));
        return loaded.length - before;
      },
      /* Every bundle holding that year's issues is merged. */
      hasYear: function (year) {
        return shards.every(function (s) { return years(s).indexOf(year) < 0 || loaded.indexOf(s) >= 0; });
      },
      years: function () {
        var all = [];
        shards.forEach(function (s) { years(s).forEach(function (y) { if (all.indexOf(y) < 0) { all.push(y); } }); });
        return all;
      }
    };
  }

  /* The query as typed and as an exact phrase: the exact answer's articles first (Pagefind matches
     the phrase word by word on its own segmentation, so it may miss some holders, and rarely finds
     words side by side that are not the text), then the others; sorted by date, the answer as
     typed in its order. `likely` holds the exact answer's ids; its filter counts are the ones that
     count what was typed. */
  async function find(ask, query, options) {
    if (!query || /"/.test(query)) {
      var plain = await ask(query, options);
      return { results: plain.results, likely: new Set(), filters: plain.filters };
    }
    var answers = await Promise.all([ask("\"" + query + "\"", options), ask(query, options)]);
    var exact = answers[0], loose = answers[1];
    var likely = new Set(exact.results.map(function (r) { return r.id; }));
    var rest = loose.results.filter(function (r) { return !likely.has(r.id); });
    return {
      results: options.sort ? loose.results : exact.results.concat(rest),
      likely: likely,
      filters: likely.size ? exact.filters : loose.filters
    };
  }

  /* By score, Pagefind merges the bundles itself. By date it would merge them by score too (each
     bundle's rank by date), so each bundle is asked on its own (its synthetic `shard` filter) and
     the answers follow one another: the bundles hold periods, newest first. */
  async function search(pagefind, loaded, query, options) {
    if (!options.sort || loaded.length === 1) { return pagefind.search(query, options); }
    var order = loaded.map(function (s) { return s.label; });
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

  /* A needle as a pattern that lets white space stand between its characters, as print has it
     (a two-character name set with a space: 李 蕊). */
  function pattern(needle, flags) {
    var chars = Array.from(needle).map(function (c) { return c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    return new RegExp(chars.join("\\s*"), flags);
  }

  function containsAll(text, needles) {
    return needles.every(function (n) { return pattern(n, "i").test(text); });
  }

  /* How a result holds what was typed: 2 in its title, 1 in its text, 0 only in pieces. */
  function standing(data, needles) {
    if (!containsAll(data.content, needles)) { return 0; }
    return containsAll(data.meta.title || "", needles) ? 2 : 1;
  }

  /* Rows by standing, best first, in Pagefind's order among equals. */
  function byStanding(a, b) {
    return b.rank - a.rank || a.order - b.order;
  }

  /* Ranges [start, end) of every needle in text, merged where they overlap. */
  function hits(text, needles) {
    var ranges = [];
    needles.forEach(function (needle) {
      var re = pattern(needle, "gi");
      for (var m = re.exec(text); m; m = re.exec(text)) {
        ranges.push([m.index, m.index + m[0].length]);
        if (!m[0].length) { re.lastIndex++; }
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
    var form = document.querySelector("form.site-search[data-search-shards]");
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
      try { found = await (await engine()).find(query, {}); } catch (e) { close(); return; }
      var read = found.results.slice(0, SUGGESTIONS + 3);
      var top = await Promise.all(read.map(function (r) { return r.data(); }));
      if (serial !== state.serial) { return; }
      var exact = parts(query);
      var rows = top.map(function (data, i) { return { data: data, order: i, rank: standing(data, exact) }; })
        .filter(function (row) { return row.rank; });
      rows.sort(byStanding);
      var shown = rows.slice(0, SUGGESTIONS).map(function (row) { return row.data; });
      var holders = rows.length + found.results.slice(read.length).filter(function (r) { return found.likely.has(r.id); }).length;
      renderSuggestions(list, shown, holders || found.results.length, query, form.getAttribute("action"));
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
      all.textContent = shown.length ? "查看全部 " + total + " 篇" : "查看只含部分字词的结果";
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
      scope: document.getElementById("search-scope"),
      list: document.getElementById("search-results"),
      more: document.getElementById("search-more"),
      serial: 0, timer: 0, results: [], next: 0, exactShown: 0, partialShown: 0, query: "", order: "",
      all: false
    };
    if (!searchConfig()) { return; }
    var params = new URLSearchParams(location.search);
    view.input.value = params.get("q") || "";
    view.sort.value = params.get("sort") || "";
    view.all = params.get("years") === "all";
    engine().then(async function (e) {
      view.engine = e;
      if (view.all) { await e.widen(); }
      if (params.get("year")) { await e.widen(params.get("year")); }
      fillFilters(view, await e.filters(), params);
      run(view);
    }, function () {
      view.status.textContent = "搜索索引未能加载，请稍后再试。";
    });
    view.scope.querySelector("button").addEventListener("click", async function () {
      view.all = true;
      view.scope.querySelector("button").disabled = true;
      await view.engine.widen();
      fillFilters(view, await view.engine.filters(), new URLSearchParams(location.search));
      run(view);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); run(view); });
    view.input.addEventListener("input", function () {
      clearTimeout(view.timer);
      view.timer = setTimeout(function () { run(view); }, DEBOUNCE_MS);
    });
    form.addEventListener("change", function (event) { if (event.target.tagName === "SELECT") { run(view); } });
    view.more.querySelector("button").addEventListener("click", function () { showMore(view); });
  }

  /* Each filter offers the values of the bundles loaded (and the year filter every year of the
     archive: picking an older one loads its bundles); called again when more are loaded. */
  function fillFilters(view, totals, params) {
    view.selects.forEach(function (select) {
      var name = select.getAttribute("data-filter");
      var counts = Object.assign({}, totals[name] || {});
      if (name === "year") { view.engine.years().forEach(function (y) { counts[y] = counts[y] || 0; }); }
      var values = Object.keys(counts).sort(filterOrder(name, counts));
      var current = select.value || params.get(name) || "";
      Array.from(select.options).forEach(function (option) { if (option.value) { select.removeChild(option); } });
      values.forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = filterLabel(name, value);
        select.appendChild(option);
      });
      select.value = current;
      select.disabled = values.length === 0;
    });
  }

  /* The scope line: what was searched, and a button for every year while only the recent ones are. */
  function showScope(view) {
    var e = view.engine;
    var year = chosen(view).year;
    view.scope.hidden = !e || e.everything() || !!year;
    if (view.scope.hidden) { return; }
    var from = e.loaded().map(function (s) { return s.from; }).filter(Boolean).sort()[0];
    view.scope.querySelector("span").textContent = from
      ? "只搜索了" + from.slice(0, 4) + "年" + (+from.slice(5, 7)) + "月以来的文章。"
      : "只搜索了近期的文章。";
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
    if (view.all) { params.set("years", "all"); }
    var search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
  }

  async function run(view) {
    var query = view.input.value.trim();
    var filters = chosen(view);
    var serial = ++view.serial;
    remember(view, filters);
    showScope(view);
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
    var e = await engine();
    if (filters.year && await e.widen(filters.year)) {
      fillFilters(view, await e.filters(), new URLSearchParams(location.search));
    }
    var found = await e.find(query || null, options);
    if (serial !== view.serial) { return; }
    updateCounts(view, found.filters);
    Object.assign(view, {
      results: found.results, likely: found.likely, next: 0, holders: [], partials: [], found: 0,
      exactShown: 0, partialShown: 0, divider: null, query: query, order: sort
    });
    view.list.textContent = "";
    await showMore(view);
  }

  /* Read the next n results: each holding the text typed goes to the holders (by relevance: in the
     title first, then in the text, in Pagefind's order), each other one to the partial matches. */
  async function check(view, n) {
    var serial = view.serial;
    var batch = view.results.slice(view.next, view.next + n);
    var datas = await Promise.all(batch.map(function (r) { return r.data(); }));
    if (serial !== view.serial) { return false; }
    var exact = parts(view.query);
    datas.forEach(function (data, i) {
      var row = { data: data, order: view.next + i, rank: view.query ? standing(data, exact) : 1 };
      row.exact = row.rank > 0;
      (row.exact ? view.holders : view.partials).push(row);
      if (row.exact) { view.found += 1; }
    });
    if (!view.order) { view.holders.sort(byStanding); }
    view.next += batch.length;
    return true;
  }

  /* Results not yet read that Pagefind's exact phrase search found (they lead the list). */
  function likelyAhead(view) {
    return view.results.slice(view.next).filter(function (r) { return view.likely.has(r.id); }).length;
  }

  /* Show the next results. By relevance: first the articles holding the text typed, then, after a
     divider, the others (the browser cut the query into pieces found apart); the first CHECKED
     results are read before anything is shown, so that a holder ranked lower by Pagefind still
     comes first. By date, the pieces found apart would crowd the list, so only holders are shown:
     up to ten, reading at most SCAN_LIMIT results a time. */
  async function showMore(view) {
    var added = 0, scanned = 0;
    if (!view.next && view.results.length && !view.order) {
      var first = view.results.length <= CHECK_ALL ? CHECK_ALL : CHECKED;
      if (!(await check(view, first))) { return; }
    }
    while (added < PAGE_SIZE) {
      var unread = view.next < view.results.length;
      if (view.holders.length) {
        appendResult(view, view.holders.shift());
        added += 1;
      } else if (unread && (likelyAhead(view) || view.order) && scanned < SCAN_LIMIT) {
        scanned += PAGE_SIZE;
        if (!(await check(view, PAGE_SIZE))) { return; }
      } else if (view.partials.length && !view.order) {
        appendResult(view, view.partials.shift());
        added += 1;
      } else if (unread && !view.order) {
        if (!(await check(view, PAGE_SIZE))) { return; }
      } else {
        break;
      }
    }
    view.more.hidden = !(view.holders.length || (view.partials.length && !view.order) ||
                         view.next < view.results.length);
    view.status.textContent = statusText(view);
    if (view.divider) { view.divider.textContent = dividerText(view); }
  }

  /* Articles known to hold the text typed: those read and holding it, and those of the exact phrase
     search not read yet. */
  function foundCount(view) {
    return view.found + likelyAhead(view);
  }

  function dividerText(view) {
    return "以下 " + (view.results.length - foundCount(view)) + " 篇只包含“" + view.query + "”中的部分字词";
  }

  function appendResult(view, row) {
    if (!row.exact && !view.partialShown && view.exactShown) {
      view.divider = document.createElement("li");
      view.divider.className = "result-divider";
      view.list.appendChild(view.divider);
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
    var found = foundCount(view);
    if (!found) { return "未找到包含“" + query + "”的文章；以下 " + total + " 篇包含其中的部分字词。"; }
    var text = "找到 " + found + " 篇包含“" + query + "”的文章";
    return found < total ? text + "，另有 " + (total - found) + " 篇只包含其中的部分字词" : text;
  }

  /* Each filter offers only the values with results, with their counts (a chosen one stays). */
  function updateCounts(view, counts) {
    view.selects.forEach(function (select) {
      var name = select.getAttribute("data-filter");
      Array.from(select.options).forEach(function (option) {
        if (!option.value) { return; }
        var n = (counts[name] || {})[option.value] || 0;
        if (name === "year" && !view.engine.hasYear(option.value)) {  /* not searched yet: picking it will */
          option.textContent = filterLabel(name, option.value);
          option.hidden = option.disabled = false;
          return;
        }
        option.textContent = filterLabel(name, option.value) + "（" + n + "）";
        option.hidden = option.disabled = n === 0 && select.value !== option.value;
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
