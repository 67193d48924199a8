/* sitegen: font-size switch (remembered in localStorage) and copy buttons. No dependencies. */
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

  document.addEventListener("DOMContentLoaded", function () {
    setupFontSwitch();
    setupCopy();
    keepQuery();
  });
})();
