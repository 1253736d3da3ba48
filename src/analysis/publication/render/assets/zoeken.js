/* Search over the site's index (window.VM_SEARCH_INDEX, from assets/zoekindex.js).
 * Works from file:// (no fetch). Every word typed must occur in the entry's text, its
 * page title or its other name (an institution's short name), ignoring case and accents. Keyboard: type, ArrowDown to the results,
 * ArrowUp/ArrowDown between them, Enter follows a link, Escape closes the list. */
(function () {
  "use strict";
  var MAX = 12;
  var RANK = { "Instelling": 0, "Pagina": 1, "Indicator": 2, "Kop": 3 };
  var box = document.querySelector(".vm-search");
  var input = document.getElementById("vm-search-input");
  var list = document.getElementById("vm-search-results");
  var status = document.getElementById("vm-search-status");
  var index = window.VM_SEARCH_INDEX;
  if (!box || !input || !list || !status || !Array.isArray(index)) return;
  box.hidden = false;

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var prepared = index.map(function (e, i) {
    return { e: e, i: i, title: fold(e.t), all: fold(e.t + " " + e.p + " " + (e.a || "")) };
  });

  function search(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    var hits = prepared.filter(function (p) {
      return words.every(function (w) { return p.all.indexOf(w) >= 0; });
    });
    hits.sort(function (a, b) {
      var sa = a.title.indexOf(words[0]) === 0 || fold(a.e.a || "").indexOf(words[0]) === 0 ? 0 : 1;
      var sb = b.title.indexOf(words[0]) === 0 || fold(b.e.a || "").indexOf(words[0]) === 0 ? 0 : 1;
      return (RANK[a.e.k] - RANK[b.e.k]) || (sa - sb) || (a.i - b.i);
    });
    return hits.map(function (p) { return p.e; });
  }

  function show() {
    var all = search(input.value);
    var hits = all.slice(0, MAX);
    list.textContent = "";
    if (!input.value.trim()) {
      list.hidden = true;
      status.textContent = "";
      return;
    }
    hits.forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.u;
      a.textContent = e.t;
      var where = document.createElement("span");
      where.className = "vm-search-where";
      where.textContent = e.k + (e.a ? " · " + e.a : "") + (e.p && e.p !== e.t ? " · " + e.p : "");
      a.appendChild(document.createTextNode(" "));
      a.appendChild(where);
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = hits.length === 0;
    status.textContent = all.length === 0 ? "Geen resultaten"
      : all.length === 1 ? "1 resultaat"
      : all.length > MAX ? "De eerste " + MAX + " van " + all.length + " resultaten; typ meer om te verfijnen"
      : all.length + " resultaten";
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  input.addEventListener("input", show);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" && links().length) { ev.preventDefault(); links()[0].focus(); }
    else if (ev.key === "Escape") { input.value = ""; show(); }
  });
  list.addEventListener("keydown", function (ev) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (ev.key === "ArrowDown" && at < all.length - 1) { ev.preventDefault(); all[at + 1].focus(); }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); (at > 0 ? all[at - 1] : input).focus(); }
    else if (ev.key === "Escape") { ev.preventDefault(); list.hidden = true; input.focus(); }
  });
  document.addEventListener("click", function (ev) {
    if (!box.contains(ev.target)) list.hidden = true;
  });
  input.addEventListener("focus", function () { if (input.value.trim()) show(); });
  window.VMSearch = { search: search };
})();
