/* sitegen serve: live preview. Injected by `sitegen serve` only, never part of a built site.
   Listens to /__sitegen/events (Server-Sent Events):
     hello  {server}          a new server process (restarted) reloads the page
     reload {}                this page changed: reload it, keeping the scroll position
     moved  {href}            this page is now at href (its headline changed its URL): go there
     css    {sheets:[{path, href}]}  a stylesheet changed: swap it in without reloading
     failed {message, where}  the last rebuild failed: show the overlay (the page stays as it was)
     fixed  {}                the site builds again: remove the overlay */
(function () {
  "use strict";
  var SCROLL = "sitegen-serve-scroll:";
  var server = null;
  var overlay = null;

  function restoreScroll() {
    var y = null;
    try {
      y = sessionStorage.getItem(SCROLL + location.pathname);
      sessionStorage.removeItem(SCROLL + location.pathname);
    } catch (e) { /* no storage */ }
    if (y !== null) { window.scrollTo(0, parseFloat(y)); }
  }

  function keepScroll(pathname) {
    try { sessionStorage.setItem(SCROLL + pathname, String(window.scrollY)); } catch (e) { /* no storage */ }
  }

  function reload() {
    keepScroll(location.pathname);
    location.reload();
  }

  function moveTo(href) {
    keepScroll(new URL(href, location.href).pathname);
    location.replace(href + location.hash);
  }

  function swapSheets(sheets) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    sheets.forEach(function (sheet) {
      for (var i = 0; i < links.length; i++) {
        var link = links[i];
        if (new URL(link.href, location.href).pathname !== sheet.path) { continue; }
        var fresh = link.cloneNode();
        fresh.href = sheet.href;
        fresh.addEventListener("load", function () { link.remove(); }, { once: true });
        fresh.addEventListener("error", function () { link.remove(); }, { once: true });
        link.after(fresh);
      }
    });
  }

  function showOverlay(failure) {
    hideOverlay();
    overlay = document.createElement("sitegen-overlay");
    overlay.setAttribute("role", "alert");
    var shadow = overlay.attachShadow({ mode: "open" });
    shadow.innerHTML =
      "<style>" +
      ":host{position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,24,.86);color:#f3f3f3;" +
      "font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow:auto;padding:5vh 5vw}" +
      "h2{margin:0 0 .5em;font-size:1.2em;color:#ff8a80}" +
      ".where{color:#ffd180;margin:0 0 1em;word-break:break-all}" +
      "pre{white-space:pre-wrap;word-break:break-word;margin:0;padding:1em;background:#1d1d22;border-left:4px solid #ff5252}" +
      "p.note{color:#bbb;font-size:.9em}</style>" +
      "<h2>sitegen: 重新生成失败 (rebuild failed)</h2><p class=where></p><pre></pre>" +
      "<p class=note>显示的是上一次成功生成的页面；修正后此提示自动消失。</p>";
    shadow.querySelector(".where").textContent = failure.where || "";
    shadow.querySelector("pre").textContent = failure.message;
    document.documentElement.appendChild(overlay);
  }

  function hideOverlay() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function on(events, name, handle) {
    events.addEventListener(name, function (event) { handle(JSON.parse(event.data)); });
  }

  function connect() {
    var events = new EventSource("/__sitegen/events?path=" + encodeURIComponent(location.pathname));
    on(events, "hello", function (data) {
      if (server !== null && server !== data.server) { reload(); }
      server = data.server;
    });
    on(events, "reload", reload);
    on(events, "moved", function (data) { moveTo(data.href); });
    on(events, "css", function (data) { swapSheets(data.sheets); });
    on(events, "failed", showOverlay);
    on(events, "fixed", hideOverlay);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", restoreScroll, { once: true });
  } else {
    restoreScroll();
  }
  connect();
}());
