/* Search over the site's index (window.VM_SEARCH_INDEX, from assets/zoekindex.js).
 * Works from file:// (no fetch). Every word typed must occur at the start of a word of the
 * entry's text, its page title, its other names or its kind ("ETH" finds "ETH Zürich",
 * never "Methode"; "consortium" finds every consortium), ignoring case and accents.
 * Keyboard: type, ArrowDown to the results, ArrowUp/ArrowDown between them, Enter follows
 * a link, Escape closes the list. */
(function () {
  "use strict";
  var MAX = 12;
  var RANK = {
    "Instelling": 0, "Europese top": 0, "Consortium": 0, "Regio": 0,
    "Pagina": 1, "Indicator": 2, "Kop": 3, "Figuur": 4, "Tabel": 5
  };
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
    return {
      e: e, i: i, title: fold(e.t), alias: fold(e.a || ""),
      all: fold(e.t + " " + e.p + " " + (e.a || "") + " " + (e.w || ""))
    };
  });

  // Does `word` occur in `text` where a word starts (at the start, or after a character
  // that is neither a letter nor a digit)? "eth" starts a word in "eth zurich", not in
  // "methode".
  var LETTER = /[a-z0-9]/;
  function atWordStart(text, word) {
    var at = text.indexOf(word);
    while (at >= 0) {
      if (at === 0 || !LETTER.test(text.charAt(at - 1))) return true;
      at = text.indexOf(word, at + 1);
    }
    return false;
  }

  function search(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    var hits = prepared.filter(function (p) {
      return words.every(function (w) { return atWordStart(p.all, w); });
    });
    function score(p) {
      return p.title.indexOf(words[0]) === 0 || p.alias.indexOf(words[0]) === 0 ? 0
        : atWordStart(p.title, words[0]) ? 1 : 2;
    }
    hits.sort(function (a, b) {
      return (score(a) - score(b)) || (RANK[a.e.k] - RANK[b.e.k]) || (a.i - b.i);
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
