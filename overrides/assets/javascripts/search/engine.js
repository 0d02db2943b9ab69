/* The edition's search engine: loads index files with <script> tags (file:// as over HTTP), finds
   phrases from character-bigram postings, ranks pages. No DOM but <script> tags; ui.js shows results.
   The files and their format are described in build_tools/search/files.py and postings.py. */
(function () {
  "use strict";
  var R = window.__readerSearch = window.__readerSearch || {};
  if (R.engine) { return; }

  var root = new URL(document.documentElement.getAttribute("data-reader-root") || "./", location.href);
  var folder = new URL("search/", root);
  var offline = location.protocol === "file:";
  var store = {};    // file name -> data
  var waiting = {};  // file name -> callbacks
  var config = null;
  var configWaiters = [];
  var fold = {};
  var decoded = {};  // group prefix + gram -> its decoded list (kept for the next query)
  var VERSION = 1;

  R.config = function (data) {
    config = data;
    configDone = true;
    var chars = Array.from((data && data.fold) || "");
    for (var i = 0; i + 1 < chars.length; i += 2) { fold[chars[i]] = chars[i + 1]; }
    configWaiters.splice(0).forEach(function (f) { f(data); });
  };
  R.add = function (name, data) {
    store[name] = data;
    (waiting[name] || []).forEach(function (f) { f(data); });
    delete waiting[name];
  };

  /* Files that came before this script (the page's loader asks for config.js beside it). */
  var early = R.pending || [];
  delete R.pending;
  early.forEach(function (call) { R[call[0]].apply(R, call.slice(1)); });
  var configDone = early.some(function (call) { return call[0] === "config"; });

  function inject(src, fail) {
    var s = document.createElement("script");
    s.src = src;
    s.async = true;
    s.onerror = fail;
    document.head.appendChild(s);
    return s;
  }

  function loadConfig() {
    return new Promise(function (resolve) {
      if (config || configDone) { resolve(config); return; }
      configWaiters.push(resolve);
      if (configWaiters.length === 1 && !R.configRequested) {
        R.configRequested = true;
        inject(new URL("config.js", folder).href, function () { configWaiters.splice(0).forEach(function (f) { f(null); }); });
      }
    });
  }

  /* One index file by name ("p/12", "t/3.0"); null when it does not exist. */
  function load(name) {
    if (name in store) { return Promise.resolve(store[name]); }
    return new Promise(function (resolve) {
      var first = !waiting[name];
      (waiting[name] = waiting[name] || []).push(resolve);
      if (!first) { return; }
      var src = new URL(name + ".js", folder).href + (offline || !config ? "" : "?v=" + config.build);
      var tag = inject(src, function () { R.add(name, null); });
      tag.onload = function () { if (!(name in store)) { R.add(name, null); } };
    });
  }

  /* ---- keys: what the index compares (build_tools/search/keys.py) ---- */
  var LETTER = /[\p{L}\p{N}]/u;

  function keyChar(ch) {
    if (!LETTER.test(ch)) { return ""; }
    var cp = ch.codePointAt(0);
    if (cp >= 0xFF01 && cp <= 0xFF5E) { ch = String.fromCodePoint(cp - 0xFEE0); }
    if (fold[ch]) { return fold[ch]; }
    var lower = ch.toLowerCase();
    return Array.from(lower).length === 1 ? lower : ch;
  }

  /* A text's key (an array of characters) and, for each, its offset in the text (UTF-16 units). */
  function keyOf(text) {
    var key = [], at = [], i = 0;
    for (var ch of text) {
      var k = keyChar(ch);
      if (k) { key.push(k); at.push(i); }
      i += ch.length;
    }
    at.push(i);
    return { key: key, at: at };
  }

  function hash(gram) {
    var h = 2166136261;
    for (var ch of gram) { h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0; }
    return h;
  }

  /* ---- postings (build_tools/search/postings.py) ---- */
  var DIGIT = new Int8Array(128).fill(-1);
  "0123456789ABCDEFGHIJKLMNOPQRSTUV".split("").forEach(function (c, i) { DIGIT[c.charCodeAt(0)] = i; });
  "WXYZabcdefghijklmnopqrstuvwxyz-_".split("").forEach(function (c, i) { DIGIT[c.charCodeAt(0)] = 32 + i; });

  /* page -> {count, places: [unit, position, …] or null} */
  function decode(text) {
    var placed = text.charAt(0) !== "~", i = placed ? 0 : 1, n = text.length, page = -1;
    var out = new Map();
    function num() {
      var v = 0;
      for (;;) {
        var d = DIGIT[text.charCodeAt(i++)];
        if (d < 32) { return v * 32 + d; }
        v = v * 32 + d - 32;
      }
    }
    while (i < n) {
      page += num() + 1;
      var count = num() + 1, places = null;
      if (placed) {
        places = new Array(2 * count);
        var unit = 0, pos = -1;
        for (var k = 0; k < count; k++) {
          var du = num(), p = num();
          if (k === 0 || du > 0) { unit += du; pos = p; } else { pos += p + 1; }
          places[2 * k] = unit;
          places[2 * k + 1] = pos;
        }
      }
      out.set(page, { count: count, places: places });
    }
    return out;
  }

  function groupOf(name) {
    return name === "sources" ? { prefix: "s/", conf: config.sources } : { prefix: "", conf: config.chapters };
  }

  /* The bigrams that spell a key, and where each stands in it. Up to 12 characters every bigram (any
     of them may be the rare one that places the phrase); a longer key (a pasted sentence) is spelt
     by every other bigram and the last, which still pins every character. */
  var ALL_BIGRAMS = 12;
  function spelling(key) {
    if (key.length === 1) { return { grams: [key[0]], at: [0] }; }
    var grams = [], at = [], step = key.length > ALL_BIGRAMS ? 2 : 1;
    for (var i = 0; i + 1 < key.length; i += step) { grams.push(key[i] + key[i + 1]); at.push(i); }
    if (at[at.length - 1] !== key.length - 2) { grams.push(key[key.length - 2] + key[key.length - 1]); at.push(key.length - 2); }
    return { grams: grams, at: at };
  }
  function gramsOf(key) { return spelling(key).grams; }

  /* The lists of some grams in a group: gram -> Map (or null: the gram is nowhere). */
  function lists(group, grams) {
    var g = groupOf(group), wanted = {};
    grams.forEach(function (gram) { wanted[gram] = g.prefix + "p/" + (hash(gram) % g.conf.shards); });
    var names = Array.from(new Set(Object.values(wanted)));
    return Promise.all(names.map(load)).then(function () {
      var out = {};
      grams.forEach(function (gram) {
        var id = g.prefix + gram;
        if (!(id in decoded)) {
          var shard = store[wanted[gram]];
          decoded[id] = shard && Object.prototype.hasOwnProperty.call(shard, gram) ? decode(shard[gram]) : null;
        }
        out[gram] = decoded[id];
      });
      return out;
    });
  }

  /* Where a phrase (key) stands: page -> {count, occ: [[unit, start], …] or null, sure}. */
  function phrase(key, decoded) {
    var spelt = spelling(key), grams = spelt.grams, at = spelt.at;
    var ls = grams.map(function (g) { return decoded[g]; });
    var out = new Map();
    if (ls.some(function (l) { return !l; })) { return out; }
    var order = ls.map(function (l, i) { return i; }).sort(function (a, b) { return ls[a].size - ls[b].size; });
    var smallest = ls[order[0]];
    smallest.forEach(function (entry, page) {
      var entries = ls.map(function (l) { return l.get(page); });
      if (entries.some(function (e) { return !e; })) { return; }
      var placed = [];
      entries.forEach(function (e, i) { if (e.places) { placed.push(i); } });
      var count = Math.min.apply(null, entries.map(function (e) { return e.count; }));
      if (!placed.length || key.length === 1) {
        out.set(page, { count: count, occ: null, sure: key.length === 1 });
        return;
      }
      placed.sort(function (a, b) { return entries[a].count - entries[b].count; });
      var anchor = placed[0], sets = {};
      placed.slice(1).forEach(function (j) {
        var s = new Set(), p = entries[j].places;
        for (var k = 0; k < p.length; k += 2) { s.add(p[k] * 4194304 + p[k + 1]); }
        sets[j] = s;
      });
      var occ = [], a = entries[anchor].places;
      for (var k = 0; k < a.length; k += 2) {
        var unit = a[k], start = a[k + 1] - at[anchor];
        if (start < 0) { continue; }
        var ok = placed.slice(1).every(function (j) { return sets[j].has(unit * 4194304 + start + at[j]); });
        if (ok) { occ.push([unit, start]); }
      }
      if (occ.length) { out.set(page, { count: occ.length, occ: occ, sure: placed.length === grams.length }); }
    });
    return out;
  }

  /* A query as the reader typed it: words split on spaces, "quoted phrases" kept whole. */
  function parse(query) {
    var terms = [], re = /"([^"]*)"|“([^”]*)”|「([^」]*)」|(\S+)/g, m;
    var quoted = false;
    while ((m = re.exec(query))) {
      var text = m[1] !== undefined ? m[1] : m[2] !== undefined ? m[2] : m[3] !== undefined ? m[3] : m[4];
      if (m[4] === undefined) { quoted = true; }
      var key = keyOf(text).key;
      if (key.length) { terms.push({ text: text, key: key }); }
    }
    return { terms: terms, quoted: quoted };
  }

  function termScore(hit, base) {
    if (!hit.occ) { return { tier: 0, score: Math.log2(1 + hit.count) * 0.9, title: false }; }
    var main = 0, title = false, reading = 0;
    hit.occ.forEach(function (o) {
      if (base && o[0] >= base) { reading++; } else if (o[0] === 0) { title = true; } else { main++; }
    });
    return { tier: main || title ? 0 : 1, score: Math.log2(1 + main) + (title ? 1.5 : 0) + 0.2 * Math.log2(1 + reading),
             title: title };
  }

  /* Pages of a group that match every term, best first: [{page, tier, score, terms: [hit…], exact}]. */
  function search(group, query) {
    return loadConfig().then(function (conf) {
      if (!conf || conf.version !== VERSION) { return { results: [], terms: [] }; }
      var parsed = parse(query), terms = parsed.terms;
      if (!terms.length) { return { results: [], terms: [] }; }
      var whole = terms.length > 1 ? [].concat.apply([], terms.map(function (t) { return t.key; })) : null;
      var grams = new Set();
      terms.concat(whole ? [{ key: whole }] : []).forEach(function (t) { gramsOf(t.key).forEach(function (g) { grams.add(g); }); });
      return lists(group, Array.from(grams)).then(function (decoded) {
        var base = group === "sources" ? 0 : conf.chapters.readings;
        var hits = terms.map(function (t) { return phrase(t.key, decoded); });
        var together = whole ? phrase(whole, decoded) : null;
        var smallest = hits.reduce(function (a, b) { return a.size <= b.size ? a : b; });
        var results = [];
        smallest.forEach(function (_, page) {
          var mine = hits.map(function (h) { return h.get(page); });
          if (mine.some(function (h) { return !h; })) { return; }
          var scores = mine.map(function (h) { return termScore(h, base); });
          var tier = Math.max.apply(null, scores.map(function (s) { return s.tier; }));
          var score = scores.reduce(function (s, x) { return s + x.score; }, 0);
          var exact = terms.length === 1;
          if (together) {
            var t = together.get(page);
            if (t && termScore(t, base).tier === 0) { exact = true; score += termScore(t, base).score; } else { tier += 2; }
            if (!exact && mine.every(function (h) { return h.occ; })) {
              var units = mine.map(function (h) { return new Set(h.occ.map(function (o) { return o[0]; })); });
              var shared = Array.from(units[0]).some(function (u) { return units.every(function (s) { return s.has(u); }); });
              if (shared) { tier -= 1; }
            }
          }
          results.push({ page: page, tier: tier, score: score, hits: mine, together: together && together.get(page),
                         sure: mine.every(function (h) { return h.sure; }), exact: exact });
        });
        results.sort(function (a, b) {
          return a.tier - b.tier || (b.sure - a.sure) || b.score - a.score || a.page - b.page;
        });
        return { results: results, terms: terms, whole: whole };
      });
    });
  }

  /* The text file holding a unit of a page. */
  function textFile(group, page, unit) {
    var g = groupOf(group), base = group === "sources" ? 0 : config.chapters.readings;
    var part = base && unit >= base ? "r" : String(Math.floor(unit / g.conf.part));
    return load(g.prefix + "t/" + page + "." + part);
  }

  function pageUrl(url, params, fragment) {
    var href = new URL(url + (offline ? "index.html" : ""), root);
    Object.keys(params).forEach(function (k) { href.searchParams.set(k, params[k]); });
    href.hash = fragment || "";
    return href.href;
  }

  R.engine = { search: search, textFile: textFile, load: load, loadConfig: loadConfig, keyOf: keyOf,
               parse: parse, pageUrl: pageUrl, store: store, config: function () { return config; } };
})();
