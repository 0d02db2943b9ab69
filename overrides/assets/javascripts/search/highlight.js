/* On the page a search result leads to (?h=query): mark the query in the paragraph, line or note
   named by the address's fragment (or in the title), and scroll to it. */
(function () {
  "use strict";
  var R = window.__readerSearch;
  if (!R || !R.engine || R.highlighted) { return; }
  R.highlighted = true;
  var E = R.engine;
  var params = new URLSearchParams(location.search);
  var query = params.get("h");
  if (!query) { return; }
  var SKIP = "sup, .headerlink, .lineno, script, style";

  function target() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.classList.contains("src-line")) { el = el.querySelector(".text") || el; }
    return el || document.querySelector("article h1");
  }

  /* The text nodes of an element (footnote marks and permalinks left out), with their offsets. */
  function texts(el) {
    var nodes = [], text = "", walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) { return n.parentElement.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT; }
    });
    for (var n = walker.nextNode(); n; n = walker.nextNode()) {
      nodes.push({ node: n, start: text.length });
      text += n.data;
    }
    return { nodes: nodes, text: text };
  }

  function ranges(text, key) {
    var k = E.keyOf(text), out = [];
    outer: for (var i = 0; i + key.length <= k.key.length; i++) {
      for (var j = 0; j < key.length; j++) { if (k.key[i + j] !== key[j]) { continue outer; } }
      var last = k.at[i + key.length - 1];
      out.push([k.at[i], last + (text.codePointAt(last) > 0xFFFF ? 2 : 1)]);
      i += key.length - 1;
    }
    return out;
  }

  function wrap(t, range) {
    var first = null;
    for (var i = t.nodes.length - 1; i >= 0; i--) {
      var n = t.nodes[i], end = n.start + n.node.data.length;
      if (end <= range[0] || n.start >= range[1]) { continue; }
      var node = n.node, a = Math.max(range[0], n.start) - n.start, b = Math.min(range[1], end) - n.start;
      if (b < node.data.length) { node.splitText(b); }
      var mid = a > 0 ? node.splitText(a) : node;
      var mark = document.createElement("mark");
      mark.className = "reader-search-hit";
      mid.parentNode.replaceChild(mark, mid);
      mark.appendChild(mid);
      first = mark;
    }
    return first;
  }

  function mark(el) {
    var t = texts(el), parsed = E.parse(query), found = [];
    var whole = [].concat.apply([], parsed.terms.map(function (x) { return x.key; }));
    var reading = params.get("hr");
    var keys = reading ? [E.keyOf(reading).key] : [];
    keys = keys.concat([whole], parsed.terms.map(function (x) { return x.key; }));
    for (var i = 0; i < keys.length && !found.length; i++) {
      if (keys[i].length) { found = ranges(t.text, keys[i]); }
    }
    if (!found.length && parsed.terms.length > 1) {
      found = [].concat.apply([], parsed.terms.map(function (x) { return ranges(t.text, x.key); }));
    }
    found.sort(function (a, b) { return b[0] - a[0]; });
    var first = null;
    found.forEach(function (r) { first = wrap(t, r) || first; });
    return first;
  }

  function run() {
    E.loadConfig().then(function () {
      var el = target();
      if (!el) { return; }
      var first = mark(el);
      (first || el).scrollIntoView({ block: "center" });
      document.documentElement.setAttribute("data-reader-search-hit", first ? "1" : "0");
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", run); } else { run(); }
})();
