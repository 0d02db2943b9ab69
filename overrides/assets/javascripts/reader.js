/* The reader edition's own behaviour: no library, works from file:// as well as over HTTP. */
(function () {
  "use strict";

  /* The few words this script writes, in the edition's script (the pages are converted at build). */
  var HANT = /Hant|TW|HK/.test(document.documentElement.lang);
  var TRADITIONAL = {"关闭": "關閉", "注 ": "註 ", "复制引文": "複製引文", "已复制": "已複製",
    "请手动复制（已选中）": "請手動複製（已選中）", "异文显示": "異文顯示", "异文：": "異文：", "仅实质性": "僅實質性",
    "不显示": "不顯示", " 隐藏只见于一本的读法": " 隱藏只見於一本的讀法", "搜索": "搜尋"};
  function T(text) { return (HANT && TRADITIONAL[text]) || text; }

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

  /* Material's search dialog has no accessible name. */
  document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (d) {
    d.setAttribute("aria-label", T("搜索"));
  });

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

  /* A popover under an element: a footnote on tap, a citation for a paragraph number. One at a time;
     Escape, the close button or a tap elsewhere closes it and gives the focus back. */
  var popover = null, opener = null;

  function closePopover() {
    if (!popover) { return; }
    popover.remove();
    popover = null;
    if (opener) { opener.focus(); opener = null; }
  }

  function openPopover(anchor, content, label) {
    closePopover();
    popover = document.createElement("div");
    popover.className = "reader-popover";
    popover.setAttribute("role", "dialog");
    popover.setAttribute("aria-label", label);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "reader-popover__close";
    close.setAttribute("aria-label", T("关闭"));
    close.textContent = "×";
    close.addEventListener("click", closePopover);
    popover.appendChild(close);
    popover.appendChild(content);
    document.body.appendChild(popover);
    var box = anchor.getBoundingClientRect();
    var width = Math.min(popover.offsetWidth, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    popover.style.left = left + "px";
    popover.style.top = (box.bottom + window.scrollY + 6) + "px";
    opener = anchor;
    close.focus();
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closePopover(); }
  });
  document.addEventListener("click", function (event) {
    if (popover && event.target instanceof Node && !popover.contains(event.target)) { closePopover(); }
  });

  /* Footnotes: on a narrow screen (where there is no hover tooltip) a tap opens the note in place
     instead of jumping to the end of a long chapter. */
  var NARROW = window.matchMedia("(max-width: 76.1875em)");
  document.addEventListener("click", function (event) {
    var ref = event.target instanceof Element ? event.target.closest("a.footnote-ref") : null;
    if (!ref || !NARROW.matches) { return; }
    var note = document.getElementById(decodeURIComponent(ref.hash.slice(1)));
    if (!note) { return; }
    event.preventDefault();
    event.stopPropagation();
    var body = document.createElement("div");
    body.className = "reader-popover__body";
    body.innerHTML = note.innerHTML;
    body.querySelectorAll(".footnote-backref").forEach(function (a) { a.remove(); });
    openPopover(ref, body, T("注 ") + ref.textContent);
  }, true);

  /* Paragraph numbers in the margin: each links to #pN and offers a citation to copy. */
  function citation(number) {
    var title = (document.querySelector("article h1") || document.createElement("h1")).textContent.replace("¶", "").trim();
    var site = (document.querySelector(".md-header__topic .md-ellipsis") || { textContent: "" }).textContent.trim();
    var url = location.href.split("#")[0] + "#p" + number;
    return "《" + title + "》，" + site + "，第 " + number + " 段。" + url;
  }

  function copyText(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
    } else {
      done(false);
    }
  }

  function showCitation(anchor, number) {
    var body = document.createElement("div");
    body.className = "reader-popover__body";
    var text = document.createElement("textarea");
    text.readOnly = true;
    text.rows = 3;
    text.value = citation(number);
    text.setAttribute("aria-label", "引文");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button reader-copy";
    button.textContent = T("复制引文");
    button.addEventListener("click", function () {
      copyText(text.value, function (ok) {
        button.textContent = ok ? T("已复制") : T("请手动复制（已选中）");
        if (!ok) { text.select(); }
      });
    });
    body.appendChild(text);
    body.appendChild(button);
    openPopover(anchor, body, "引用第 " + number + " 段");
  }

  document.querySelectorAll("article.md-content__inner [id]").forEach(function (el) {
    var m = /^p(\d+)$/.exec(el.id);
    if (!m || !el.closest(".md-content")) { return; }
    var a = document.createElement("a");
    a.className = "para-num";
    a.href = "#" + el.id;
    a.setAttribute("data-n", m[1]);  /* drawn by CSS: the number is not part of the text when it is copied */
    a.setAttribute("aria-label", "第 " + m[1] + " 段（引用）");
    a.addEventListener("click", function (event) {
      event.preventDefault();
      event.stopPropagation();
      history.replaceState(null, "", "#" + el.id);
      showCitation(a, m[1]);
    });
    el.insertBefore(a, el.firstChild);
  });

  /* Density of the apparatus, on every chapter: all variants, substantive only, or none; and whether
     readings found in one copy only are shown. Remembered (localStorage), offline too. */
  var MINOR = ["punctuation", "orthographic", "localisation", "mechanical"];
  var DENSITY_KEY = "reader-density", SINGLE_KEY = "reader-hide-single";
  var notes = document.querySelectorAll(".footnote li[id^='fn:']");

  function stored(key, fallback) {
    try { return localStorage.getItem(key) || fallback; } catch (e) { return fallback; }
  }

  function store(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* private mode: not remembered */ }
  }

  function applyDensity() {
    var density = stored(DENSITY_KEY, "all"), hideSingle = stored(SINGLE_KEY, "0") === "1";
    notes.forEach(function (li) {
      var kinds = [].map.call(li.querySelectorAll(".vnote"), function (v) { return v.getAttribute("data-kind"); });
      var singles = [].every.call(li.querySelectorAll(".vnote"), function (v) { return v.getAttribute("data-single") === "1"; });
      var minor = kinds.length > 0 && kinds.every(function (k) { return MINOR.indexOf(k) >= 0; });
      var hidden = density === "none" || (density === "substantive" && minor) || (hideSingle && singles && kinds.length > 0);
      var ref = document.getElementById("fnref:" + li.id.slice(3));
      if (ref) { ref.classList.toggle("reader-hidden", hidden); }
      li.classList.toggle("reader-hidden", hidden);
    });
  }

  if (notes.length && document.querySelector(".witness-list")) {
    var bar = document.createElement("div");
    bar.className = "reader-density";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", T("异文显示"));
    var label = document.createElement("span");
    label.textContent = T("异文：");
    bar.appendChild(label);
    [["all", "全部"], ["substantive", T("仅实质性")], ["none", T("不显示")]].forEach(function (choice) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "reader-toggle";
      button.setAttribute("data-density", choice[0]);
      button.textContent = choice[1];
      button.setAttribute("aria-pressed", String(stored(DENSITY_KEY, "all") === choice[0]));
      button.addEventListener("click", function () {
        store(DENSITY_KEY, choice[0]);
        bar.querySelectorAll("[data-density]").forEach(function (b) {
          b.setAttribute("aria-pressed", String(b === button));
        });
        applyDensity();
      });
      bar.appendChild(button);
    });
    var single = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = stored(SINGLE_KEY, "0") === "1";
    box.addEventListener("change", function () { store(SINGLE_KEY, box.checked ? "1" : "0"); applyDensity(); });
    single.appendChild(box);
    single.appendChild(document.createTextNode(T(" 隐藏只见于一本的读法")));
    bar.appendChild(single);
    var list = document.querySelector(".witness-list");
    list.parentNode.insertBefore(bar, list.nextSibling);
    applyDensity();
  }

  /* A substantive note's marker and its lemma light up together (hover or keyboard focus on either). */
  function lemmaOf(ref) {
    var name = decodeURIComponent((ref.hash || "").replace(/^#fn:/, ""));
    return name ? document.querySelector('.lemma[data-note="' + name + '"]') : null;
  }
  function markerOf(lemma) {
    return document.querySelector('a.footnote-ref[href="#fn:' + lemma.getAttribute("data-note") + '"]');
  }
  function light(on) {
    return function (event) {
      var el = event.target instanceof Element ? event.target : null;
      var ref = el && el.closest("a.footnote-ref"), lemma = el && el.closest(".lemma");
      var pair = ref ? [ref, lemmaOf(ref)] : lemma ? [markerOf(lemma), lemma] : [];
      pair.forEach(function (node) { if (node) { node.classList.toggle("lit", on); } });
    };
  }
  ["mouseover", "focusin"].forEach(function (type) { document.addEventListener(type, light(true)); });
  ["mouseout", "focusout"].forEach(function (type) { document.addEventListener(type, light(false)); });
})();
