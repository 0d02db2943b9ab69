/* Parallel passages (build_tools/stages/parallels): a marker after a passage this document shares with
   another opens that passage in a popover, with a link to its paragraph there; a button in the chapter's
   相关文献 list turns the marks on and off (remembered in localStorage); the parallels page sorts its pairs.
   No library, no request: everything shown is in the page's data attributes, so it works from file://. */
(function () {
  "use strict";

  var HANT = /^zh-(Hant|TW|HK)/.test(document.documentElement.lang || "");
  var WORDS = HANT
    ? { close: "關閉", paragraph: "第 {n} 段", go: "轉到該段", passage: "平行段落：", show: "標出平行段落",
        bySize: "按共有字數排列", byOrder: "按篇目次序排列" }
    : { close: "关闭", paragraph: "第 {n} 段", go: "转到该段", passage: "平行段落：", show: "标出平行段落",
        bySize: "按共有字数排列", byOrder: "按篇目次序排列" };
  var KEY = "reader-parallels";

  function stored() {
    try { return localStorage.getItem(KEY) || "on"; } catch (e) { return "on"; }
  }

  function store(value) {
    try { localStorage.setItem(KEY, value); } catch (e) { /* private mode: not remembered */ }
  }

  /* On / off: a class on the root element hides the underlines and the markers. */
  function apply(on) {
    document.documentElement.classList.toggle("reader-parallels-off", !on);
    document.querySelectorAll(".parallels-toggle").forEach(function (b) { b.setAttribute("aria-pressed", String(on)); });
  }

  document.querySelectorAll(".parallels-toggle").forEach(function (button) {
    button.hidden = false;
    button.textContent = WORDS.show;
    button.addEventListener("click", function () {
      var on = button.getAttribute("aria-pressed") !== "true";
      store(on ? "on" : "off");
      apply(on);
    });
  });
  apply(stored() !== "off");

  /* The popover: one at a time; Escape, the close button or a click elsewhere closes it and gives the
     focus back to its marker. */
  var popover = null, opener = null;

  function close() {
    if (!popover) { return; }
    popover.remove();
    popover = null;
    if (opener) {
      opener.setAttribute("aria-expanded", "false");
      opener.focus();
      opener = null;
    }
  }

  function open(marker) {
    close();
    var ref = marker.parentNode;
    var number = (ref.getAttribute("data-p") || "").replace(/^p/, "");
    var title = ref.getAttribute("data-title") || "";
    popover = document.createElement("div");
    popover.className = "reader-popover parallels-popover";
    popover.setAttribute("role", "dialog");
    popover.setAttribute("aria-label", WORDS.passage + "《" + title + "》");
    var shut = document.createElement("button");
    shut.type = "button";
    shut.className = "reader-popover__close";
    shut.setAttribute("aria-label", WORDS.close);
    shut.textContent = "×";
    shut.addEventListener("click", close);
    var head = document.createElement("p");
    head.className = "parallels-popover__head";
    head.textContent = "《" + title + "》" + WORDS.paragraph.replace("{n}", number);
    var text = document.createElement("blockquote");
    text.className = "parallels-popover__text";
    text.textContent = ref.getAttribute("data-text") || "";
    var go = document.createElement("a");
    go.className = "parallels-popover__go";
    go.href = marker.href;
    go.textContent = WORDS.go + " →";
    popover.appendChild(shut);
    popover.appendChild(head);
    popover.appendChild(text);
    popover.appendChild(go);
    document.body.appendChild(popover);
    var box = marker.getBoundingClientRect();
    var width = Math.min(popover.offsetWidth, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(box.left + window.scrollX,
                                    window.scrollX + document.documentElement.clientWidth - width - 8));
    popover.style.left = left + "px";
    popover.style.top = (box.bottom + window.scrollY + 6) + "px";
    opener = marker;
    marker.setAttribute("aria-expanded", "true");
    go.focus();
  }

  document.querySelectorAll(".parallel-ref > a").forEach(function (marker) {
    var ref = marker.parentNode;
    var number = (ref.getAttribute("data-p") || "").replace(/^p/, "");
    marker.setAttribute("aria-haspopup", "dialog");
    marker.setAttribute("aria-expanded", "false");
    marker.setAttribute("aria-label", WORDS.passage + "《" + (ref.getAttribute("data-title") || "") + "》" +
                        WORDS.paragraph.replace("{n}", number));
    marker.addEventListener("click", function (event) {
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) { return; }
      event.preventDefault();
      event.stopPropagation();
      if (opener === marker) { close(); } else { open(marker); }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && popover) { close(); }
  });
  document.addEventListener("click", function (event) {
    if (popover && event.target instanceof Node && !popover.contains(event.target)) { close(); }
  });

  /* The parallels page: its pairs largest first (as built), or in the order of the documents. */
  var pairs = document.querySelector(".parallel-pairs");
  var sort = document.querySelector(".parallels-sort");
  if (pairs && sort) {
    sort.hidden = false;
    sort.setAttribute("data-by", "size");
    sort.textContent = WORDS.byOrder;
    sort.addEventListener("click", function () {
      var byOrder = sort.getAttribute("data-by") === "size";
      var items = [].slice.call(pairs.querySelectorAll(".parallel-pair"));
      function number(item, name) { return Number(item.getAttribute(name)); }
      items.sort(function (a, b) {
        return byOrder ? number(a, "data-order") - number(b, "data-order")
          : number(b, "data-size") - number(a, "data-size") || number(a, "data-order") - number(b, "data-order");
      });
      items.forEach(function (item) { pairs.appendChild(item); });
      sort.setAttribute("data-by", byOrder ? "order" : "size");
      sort.textContent = byOrder ? WORDS.bySize : WORDS.byOrder;
    });
  }
})();
