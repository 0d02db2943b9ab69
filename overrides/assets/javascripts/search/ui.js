/* The search box of Material's header, driven by engine.js: results in Material's dropdown markup,
   keyboard navigation, and on the page a result leads to, the phrase highlighted and scrolled to. */
(function () {
  "use strict";
  var R = window.__readerSearch;
  if (!R || !R.engine || R.ui) { return; }
  var E = R.engine;
  var PAGE = 10;  // results shown at once; more as the list is scrolled
  var hant = (document.documentElement.lang || "").indexOf("Hant") >= 0;
  var T = hant ? { reading: "異文", reads: "作", lacks: "無", adds: "多", sources: "在源文件中查找", group: "源文件",
                   only: "僅見於異文" }
               : { reading: "异文", reads: "作", lacks: "无", adds: "多", sources: "在源文件中查找", group: "源文件",
                   only: "仅见于异文" };
  var material = {};
  try { material = JSON.parse(document.getElementById("__config").textContent).translations || {}; } catch (e) { /* none */ }

  var input = document.querySelector(".md-search__input");
  var list = document.querySelector(".md-search-result__list");
  var meta = document.querySelector(".md-search-result__meta");
  var wrap = document.querySelector(".md-search__scrollwrap");
  var toggle = document.getElementById("__search");
  var state = { seq: 0, shown: 0, results: [], terms: [], query: "" };

  function esc(s) {
    return s.replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }

  /* Ranges [start, end) of a text (UTF-16 offsets) where a key stands. */
  function find(text, key, all) {
    var k = E.keyOf(text), out = [];
    outer: for (var i = 0; i + key.length <= k.key.length; i++) {
      for (var j = 0; j < key.length; j++) { if (k.key[i + j] !== key[j]) { continue outer; } }
      var last = k.at[i + key.length - 1];
      out.push([k.at[i], last + (text.codePointAt(last) > 0xFFFF ? 2 : 1)]);
      if (!all) { break; }
      i += key.length - 1;
    }
    return out;
  }

  function marked(text, ranges) {
    ranges = ranges.slice().sort(function (a, b) { return a[0] - b[0]; });
    var out = "", last = 0;
    ranges.forEach(function (r) {
      if (r[0] < last) { return; }
      out += esc(text.slice(last, r[0])) + "<mark>" + esc(text.slice(r[0], r[1])) + "</mark>";
      last = r[1];
    });
    return out + esc(text.slice(last));
  }

  function snippet(text, ranges) {
    if (!ranges.length) { return esc(text.slice(0, 100)) + (text.length > 100 ? "…" : ""); }
    var a = Math.max(0, ranges[0][0] - 40), b = Math.min(text.length, ranges[0][1] + 100);
    if (text.length <= 160) { a = 0; b = text.length; }  // a short paragraph is shown whole
    var inside = ranges.filter(function (r) { return r[0] >= a && r[1] <= b; })
      .map(function (r) { return [r[0] - a, r[1] - a]; });
    return (a > 0 ? "…" : "") + marked(text.slice(a, b), inside) + (b < text.length ? "…" : "");
  }

  function rangesFor(text, terms, whole) {
    var r = whole ? find(text, whole, true) : [];
    return r.length ? r : [].concat.apply([], terms.map(function (t) { return find(text, t.key, true); }));
  }

  /* A unit of the page that holds every term (for pages placed by counts only). */
  function scan(group, result, terms, base) {
    var part = 0;
    function next(name) {
      return (name === "r" ? E.load((group === "sources" ? "s/" : "") + "t/" + result.page + ".r")
                           : E.textFile(group, result.page, part * (group === "sources" ? E.config().sources.part
                                                                                         : E.config().chapters.part)))
        .then(function (data) {
          if (!data) { return name === "r" || !base ? null : next("r"); }
          var units = Object.keys(data.x).map(Number).sort(function (a, b) { return a - b; });
          for (var i = 0; i < units.length; i++) {
            var text = data.x[units[i]];
            if (units[i] !== 0 && terms.every(function (t) { return find(text, t.key).length; })) {
              return { data: data, unit: units[i] };
            }
          }
          if (name === "r") { return null; }
          part += 1;
          return next();
        });
    }
    return next();
  }

  function bestUnit(result, base) {
    var hit = result.together && result.together.occ ? result.together : result.hits[0];
    if (!hit.occ) { return null; }
    var rank = function (u) { return base && u >= base ? 2 : u === 0 ? 1 : 0; };
    var occ = hit.occ.slice().sort(function (a, b) { return rank(a[0]) - rank(b[0]) || a[0] - b[0]; });
    return occ[0][0];
  }

  /* What a result shows: {href, title, body} or null when the page does not hold the query after all. */
  function describe(group, result, terms, whole, query) {
    var base = group === "sources" ? 0 : E.config().chapters.readings;
    var unit = bestUnit(result, base);
    var found = unit === null ? scan(group, result, terms, base)
                              : E.textFile(group, result.page, unit).then(function (d) { return d && { data: d, unit: unit }; });
    return found.then(function (f) {
      if (!f || !f.data) { return null; }
      var data = f.data, text = data.x[f.unit] || "", ranges = rangesFor(text, terms, whole);
      if (!ranges.length) { return null; }
      var params = { h: query }, fragment = "", extra = "";
      var reading = data.r && data.r[f.unit];
      if (reading) {
        var said = text.slice(reading[1], reading[2]);
        var how = !said ? T.lacks + "「" + reading[5] + "」" : !reading[5] ? T.adds + "「" + said + "」"
                                                                     : T.reads + "「" + said + "」";
        extra = '<p class="reader-search__reading">' + (result.tier % 2 ? T.only + "：" : T.reading + "：") +
                esc(reading[3] + " " + how) + "</p>";
        fragment = reading[4];
        if (said) { params.hr = said; }
      } else if (f.unit > 0) {
        fragment = (group === "sources" ? "L" : "p") + f.unit;
      }
      var title = data.t, titleRanges = rangesFor(title, terms, whole);
      var body = f.unit === 0 ? "" : "<p>" + snippet(text, ranges) + "</p>";
      return { href: E.pageUrl(data.u, params, fragment), title: marked(title, titleRanges), body: body + extra };
    });
  }

  function item(d, score) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    li.innerHTML = '<a href="' + esc(d.href) + '" class="md-search-result__link" tabindex="-1">' +
      '<article class="md-search-result__article md-typeset" data-md-score="' + score.toFixed(2) + '">' +
      '<div class="md-search-result__icon md-icon"></div><h1>' + d.title + "</h1>" + d.body + "</article></a>";
    return li;
  }

  function count(n) {
    var key = n === 0 ? "search.result.none" : n === 1 ? "search.result.one" : "search.result.other";
    return (material[key] || (n + " 个结果")).replace("#", String(n));
  }

  /* Show the next results of the current query, dropping any that turn out not to match. */
  function more(seq) {
    if (state.busy) { return Promise.resolve(); }
    var group = state.group, batch = state.results.slice(state.shown, state.shown + PAGE);
    state.shown += batch.length;
    state.busy = true;
    return Promise.all(batch.map(function (r) { return describe(group, r, state.terms, state.whole, state.query); }))
      .then(function (ds) {
        state.busy = false;
        if (seq !== state.seq) { return; }
        ds.forEach(function (d, i) {
          if (d) { list.insertBefore(item(d, batch[i].score), state.tail); } else { state.dropped += 1; }
        });
        meta.textContent = count(state.results.length - state.dropped);
        if (state.shown < state.results.length && list.querySelectorAll(".md-search-result__item").length < PAGE) {
          return more(seq);
        }
        R.lastQuery = { query: state.query, results: state.results.length - state.dropped, done: performance.now() };
        document.dispatchEvent(new CustomEvent("reader-search:results", { detail: R.lastQuery }));
      });
  }

  function sourcesEntry(query) {
    var li = document.createElement("li");
    li.className = "md-search-result__item reader-search__sources";
    li.innerHTML = '<a href="#" class="md-search-result__link" tabindex="-1"><article class="md-search-result__article ' +
      'md-typeset"><h2>' + esc(T.sources + "「" + query + "」") + "</h2></article></a>";
    li.querySelector("a").addEventListener("click", function (ev) {
      ev.preventDefault();
      run(query, "sources");
    });
    return li;
  }

  function run(query, group) {
    var seq = ++state.seq;
    group = group || "chapters";
    if (!query.trim()) {
      list.innerHTML = "";
      meta.textContent = material["search.result.placeholder"] || "";
      return Promise.resolve();
    }
    return E.search(group, query).then(function (found) {
      if (seq !== state.seq) { return; }
      state.group = group; state.query = query; state.results = found.results; state.terms = found.terms;
      state.whole = found.whole; state.shown = 0; state.dropped = 0; state.busy = false;
      if (group === "chapters") { list.innerHTML = ""; }
      var head = document.createElement("li");
      if (group === "sources") {
        var old = list.querySelector(".reader-search__sources");
        if (old) { old.remove(); }
        head.className = "reader-search__group";
        head.textContent = T.group;
        list.appendChild(head);
      }
      state.tail = document.createElement("li");
      state.tail.hidden = true;
      list.appendChild(state.tail);
      if (group === "chapters") { list.appendChild(sourcesEntry(query)); }
      if (!found.results.length && group === "chapters") {
        meta.textContent = count(0);
        return run(query, "sources");
      }
      return more(seq);
    });
  }

  var timer = 0;
  function onInput() {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 60);
  }

  function open() {
    if (toggle && !toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event("change")); }
  }

  function close() {
    if (toggle) { toggle.checked = false; toggle.dispatchEvent(new Event("change")); }
    input.blur();
  }

  function links() { return Array.from(list.querySelectorAll(".md-search-result__link")); }

  function onKey(ev) {
    if (!toggle || !toggle.checked) { return; }
    var all = links(), at = all.indexOf(document.activeElement);
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!all.length) { return; }
      ev.preventDefault();
      var step = ev.key === "ArrowDown" ? 1 : -1;
      var next = at < 0 ? (step > 0 ? 0 : all.length - 1) : at + step;
      if (next < 0 || next >= all.length) { input.focus(); } else { all[next].focus(); all[next].scrollIntoView({ block: "nearest" }); }
    } else if (ev.key === "Enter" && document.activeElement === input) {
      ev.preventDefault();
      if (all.length) { all[0].click(); }
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      close();
    }
  }

  if (input && list) {
    R.ui = { run: run };
    input.addEventListener("input", onInput);
    input.addEventListener("focus", open);
    document.addEventListener("keydown", onKey, true);
    var form = input.form;
    if (form) {
      form.addEventListener("submit", function (ev) { ev.preventDefault(); });
      form.addEventListener("reset", function () { setTimeout(function () { run(""); }, 0); });
    }
    if (wrap) {
      wrap.addEventListener("scroll", function () {
        if (state.shown < state.results.length && wrap.scrollTop + wrap.clientHeight > wrap.scrollHeight - 80) {
          more(state.seq);
        }
      });
    }
    if (toggle) { toggle.addEventListener("change", function () { if (toggle.checked && document.activeElement !== input) { input.focus(); } }); }
    if (input.value) { open(); run(input.value); }
  }
})();
