/* The copies of a document side by side: show the two the reader chooses, mark where they differ.
   Loaded by the compare pages only; no library; works from file:// as well as over HTTP.
   Every cell holds a copy's text for one canonical paragraph; its own text at a variant place is an
   element with data-v (the place) and data-r (0: the edition's reading, n: the place's n-th reading). */
(function () {
  "use strict";

  function readings(table, siglum) {
    var out = {};
    table.querySelectorAll('td[data-wit="' + siglum + '"] [data-v]').forEach(function (el) {
      out[el.getAttribute("data-v")] = el.getAttribute("data-r");
    });
    return out;
  }

  function setup() {
    var table = document.querySelector("table.wit-compare");
    var form = document.querySelector("form.wit-compare-form");
    if (!table || !form) { return; }
    var left = form.querySelector("#wit-left"), right = form.querySelector("#wit-right");
    var sigla = Array.prototype.map.call(left.options, function (o) { return o.value; });
    var wanted = /^#([^-]+)-([^-]+)$/.exec(decodeURIComponent(location.hash));
    var base = table.getAttribute("data-base") || sigla[0];
    if (wanted && sigla.indexOf(wanted[1]) >= 0 && sigla.indexOf(wanted[2]) >= 0) {
      left.value = wanted[1];
      right.value = wanted[2];
    } else {
      left.value = base;
      right.value = sigla.filter(function (s) { return s !== base; })[0] || base;
    }

    function show() {
      var a = left.value, b = right.value;
      table.querySelectorAll("tr").forEach(function (tr) {
        tr.querySelectorAll("[data-wit]").forEach(function (cell) {
          var w = cell.getAttribute("data-wit");
          cell.hidden = w !== a && w !== b;
        });
        /* The chosen copies in the chosen order, left then right. */
        var ca = tr.querySelector('[data-wit="' + a + '"]'), cb = tr.querySelector('[data-wit="' + b + '"]');
        if (ca) { tr.appendChild(ca); }
        if (cb && b !== a) { tr.appendChild(cb); }
      });
      table.querySelectorAll(".pair-diff").forEach(function (el) { el.classList.remove("pair-diff"); });
      if (a !== b) {
        var ra = readings(table, a), rb = readings(table, b);
        [[a, ra, rb], [b, rb, ra]].forEach(function (side) {
          table.querySelectorAll('td[data-wit="' + side[0] + '"] [data-v]').forEach(function (el) {
            var v = el.getAttribute("data-v");
            if (v in side[2] && side[1][v] !== side[2][v]) { el.classList.add("pair-diff"); }
          });
        });
      }
      table.setAttribute("data-left", a);
      table.setAttribute("data-right", b);
      if (history.replaceState) {
        try { history.replaceState(null, "", "#" + a + "-" + b); } catch (e) { /* file:// in some browsers */ }
      }
    }

    left.addEventListener("change", show);
    right.addEventListener("change", show);
    form.hidden = false;
    show();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
