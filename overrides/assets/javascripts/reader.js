/* The reader edition's own behaviour: no library, works from file:// as well as over HTTP. */
(function () {
  "use strict";

  /* Source pages: #L41 marks a line, #L41-L43 a range, #L41~读法 a reading on its line. */
  var LINE_HASH = /^#L(\d+)(?:-L?(\d+))?(?:~(.+))?$/;

  function clearMarks() {
    document.querySelectorAll(".src-line.hl").forEach(function (el) { el.classList.remove("hl"); });
    document.querySelectorAll("mark.reading").forEach(function (m) {
      m.replaceWith(document.createTextNode(m.textContent));
    });
  }

  function markReading(line, reading) {
    var text = line.querySelector(".text");
    if (!text) { return; }
    var walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var at = node.nodeValue.indexOf(reading);
      if (at < 0) { continue; }
      var range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + reading.length);
      var mark = document.createElement("mark");
      mark.className = "reading";
      range.surroundContents(mark);
      return;
    }
  }

  function showLines() {
    var m = LINE_HASH.exec(decodeURIComponent(location.hash));
    if (!m || !document.querySelector(".source-lines")) { return; }
    clearMarks();
    var first = parseInt(m[1], 10), last = m[2] ? parseInt(m[2], 10) : first;
    for (var n = first; n <= last; n++) {
      var line = document.getElementById("L" + n);
      if (line) { line.classList.add("hl"); }
    }
    var start = document.getElementById("L" + first);
    if (m[3] && start) { markReading(start, m[3]); }
    if (start) { start.scrollIntoView({ block: "center" }); }
  }

  window.addEventListener("hashchange", showLines);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showLines);
  } else {
    showLines();
  }

  /* The language switcher goes to the same page in the other edition (both have the same paths).
     It runs before Material's own handler, which looks the page up in the other edition's sitemap
     and falls back to that edition's home page when it cannot (file://, another host or port). */
  function samePage(a) {
    var root = document.documentElement.getAttribute("data-reader-root");
    if (!root) { return null; }
    var base = new URL(root, location.href).href;
    var here = location.href.indexOf(base) === 0 ? location.href.slice(base.length) : "";
    return here ? new URL(here, a.href).href : null;
  }

  document.querySelectorAll("a.md-select__link[hreflang]").forEach(function (a) {
    var target = samePage(a);
    if (target) { a.href = target; }
  });
  document.addEventListener("click", function (event) {
    var a = event.target instanceof Element ? event.target.closest("a.md-select__link[hreflang]") : null;
    if (!a || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    location.href = a.href;
  }, true);
})();
