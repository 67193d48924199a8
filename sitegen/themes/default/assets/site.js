/* sitegen: font-size switch (remembered in localStorage), copy buttons, 版面 hotspots. No dependencies. */
(function () {
  "use strict";
  var KEY = "sitegen-font-size";
  var root = document.documentElement;

  function stored() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function apply(size) {
    if (size === "s" || size === "l") { root.setAttribute("data-font", size); }
    else { root.removeAttribute("data-font"); }
  }
  apply(stored());

  function setupFontSwitch() {
    var group = document.querySelector(".font-switch");
    if (!group) { return; }
    var buttons = group.querySelectorAll("button[data-font]");
    function mark(size) {
      for (var i = 0; i < buttons.length; i++) {
        buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-font") === size));
      }
    }
    mark(stored() || "m");
    group.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-font]");
      if (!button) { return; }
      var size = button.getAttribute("data-font");
      try { localStorage.setItem(KEY, size); } catch (e) { /* private mode: not remembered */ }
      apply(size);
      mark(size);
    });
    group.hidden = false;
  }

  function setupCopy() {
    var status = document.querySelector(".copy-status");
    var buttons = document.querySelectorAll("button[data-copy]");
    if (!navigator.clipboard) { return; }
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function (event) {
        var button = event.currentTarget;
        var url = button.getAttribute("data-url");
        var text = button.getAttribute("data-copy").replace(url, new URL(url, location.href).href);
        navigator.clipboard.writeText(text).then(function () {
          if (status) { status.textContent = "已复制：" + button.textContent; }
        }, function () {
          if (status) { status.textContent = "无法复制，请手动选择文字"; }
        });
      });
    }
  }

  function keepQuery() {
    var input = document.getElementById("search-q");
    var query = new URLSearchParams(location.search).get("q");
    if (input && query) { input.value = query; }
  }

  /* 往期: the issue of the date chosen, else the nearest one before it (the nearest after when there is
     none before), from archive/dates.json: [["2024-09-20", "2024/09/20/"], …], oldest first. */
  function setupDatePicker() {
    var form = document.querySelector("form.date-picker");
    if (!form || !window.fetch) { return; }
    var input = form.querySelector("input[type=date]");
    var status = form.querySelector("[role=status]");
    var dates = null;
    function load() {
      if (!dates) {
        dates = fetch(form.getAttribute("data-dates")).then(function (r) { return r.json(); });
        dates.then(function (list) {
          if (list.length) { input.min = list[0][0]; input.max = list[list.length - 1][0]; }
        }, function () { dates = null; });
      }
      return dates;
    }
    input.addEventListener("focus", load);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var wanted = input.value;
      load().then(function (list) {
        var found = null;
        for (var i = 0; i < list.length; i++) {
          if (list[i][0] <= wanted || !found) { found = list[i]; }
          if (list[i][0] >= wanted) { break; }
        }
        if (!found) { status.textContent = "没有往期"; return; }
        if (found[0] !== wanted) { status.textContent = wanted + " 无报纸，前往 " + found[0]; }
        location.href = form.getAttribute("data-base") + found[1];
      }, function () { form.submit(); });
    });
  }

  /* 版面: an article's hotspot on the page image and its entry in 本版新闻 light up together (hover or
     focus on either); without JavaScript each is still outlined on its own. */
  function setupPageMap() {
    var body = document.querySelector(".print-body");
    if (!body || !body.querySelector(".hotspot")) { return; }
    function light(event, on) {
      var item = event.target.closest ? event.target.closest("[data-story]") : null;
      if (!item || !body.contains(item)) { return; }
      var key = item.getAttribute("data-story");
      var all = body.querySelectorAll("[data-story]");
      for (var i = 0; i < all.length; i++) {
        if (all[i].getAttribute("data-story") === key) { all[i].classList.toggle("is-lit", on); }
      }
    }
    body.addEventListener("mouseover", function (event) { light(event, true); });
    body.addEventListener("mouseout", function (event) { light(event, false); });
    body.addEventListener("focusin", function (event) { light(event, true); });
    body.addEventListener("focusout", function (event) { light(event, false); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupPageMap();
    setupDatePicker();
    setupFontSwitch();
    setupCopy();
    keepQuery();
  });
})();
