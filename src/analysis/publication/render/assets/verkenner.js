/* The explorer (verkenner.html): native form controls drive the chart's Vega-Lite parameters.

   The data come from assets/verkenner-gegevens.js (window.VM_EXPLORER, written at render
   time by analysis.publication.explorer, which computes every number: price basis, per
   EUR 100 mln pairing, group sums and reporters, demonstration flags). This script only
   selects and shows them: it expands the compact series into rows for Vega-Lite, keeps the
   reader's choices in the URL fragment (#kies=tud,uu&indicator=spinoffs&maat=per100m&
   van=2015&tot=2025) so a view can be shared, and writes the same numbers into the table
   below the chart. Text from the data is only ever set with textContent. */
(function () {
  "use strict";
  var data = window.VM_EXPLORER;
  var form = document.getElementById("vm-x-form");
  var chartNode = document.getElementById("vm-x-chart");
  var specNode = document.getElementById("vm-x-spec");
  if (!data || data.format !== 1 || !form || !chartNode || !specNode || !window.VMGetallen) {
    return;
  }
  var MISSING = window.VMGetallen.MISSING;

  var entityByKey = {};
  var entityOrder = {};
  data.entities.forEach(function (e, n) {
    entityByKey[e.key] = e;
    entityOrder[e.key] = n;
  });
  var indicatorByKey = {};
  data.indicators.forEach(function (i) {
    indicatorByKey[i.key] = i;
  });
  var measureKeys = data.measures.map(function (m) { return m.key; });
  var measureLabel = {};
  data.measures.forEach(function (m) { measureLabel[m.key] = m.label; });

  // ---------------------------------------------------------------- numbers in Dutch
  var num = window.VMGetallen.num;
  var money = window.VMGetallen.money;
  function formatValue(v, indicator, measure) {
    if (v === null || v === undefined) { return MISSING; }
    if (indicator.unit === "EUR") { return money(v); }
    if (measure === "per100m") {
      var a = Math.abs(v);
      return num(v, a < 10 ? 2 : a < 100 ? 1 : 0);
    }
    return num(v, indicator.decimals);
  }

  // ---------------------------------------------------------------- rows for Vega-Lite
  // The chart holds the rows of one indicator and measure at a time (every line of every
  // institution and group, every year); its parameters choose lines and years among them.
  // Rows are expanded from the compact series when an indicator is first shown, so a
  // thousand institutions do not put every indicator's rows in memory at once.
  var lookup = {};
  var byChoice = {};
  data.series.forEach(function (s) {
    var key = data.indicators[s[1]].key + "|" + data.measures[s[2]].key;
    lookup[data.entities[s[0]].key + "|" + key] = s;
    (byChoice[key] = byChoice[key] || []).push(s);
  });
  var rowCache = {};
  function rowsFor(indicatorKey, measure) {
    var key = indicatorKey + "|" + measure;
    if (rowCache[key]) { return rowCache[key]; }
    var ind = indicatorByKey[indicatorKey];
    var rows = [];
    (byChoice[key] || []).forEach(function (s) {
      var ent = data.entities[s[0]];
      s[3].forEach(function (v, j) {
        if (v === null) { return; }
        rows.push({
          e: ent.key,
          naam: ent.label,
          i: indicatorKey,
          m: measure,
          y: data.years[j],
          v: v,
          n: s[4][j],
          basis: s[5][j] ? data.basis.demonstration : data.basis.real,
          tekst: formatValue(v, ind, measure)
        });
      });
    });
    rowCache[key] = rows;
    return rows;
  }
  var peers = data.peers.map(function (p) {
    var copy = {};
    Object.keys(p).forEach(function (k) { copy[k] = p[k]; });
    copy.tekst = p.label + " (" + p.years + ")";
    return copy;
  });

  // ---------------------------------------------------------------- state and the URL
  function defaults() {
    return {
      kies: data.defaults.entities.slice(),
      indicator: data.defaults.indicator,
      maat: data.defaults.measure,
      van: data.defaults.from,
      tot: data.defaults.to
    };
  }

  function canonical(state) {
    var seen = {};
    var asked = state.kies.length;
    state.kies = state.kies.filter(function (k) {
      var ok = entityByKey.hasOwnProperty(k) && !seen[k];
      seen[k] = true;
      return ok;
    }).sort(function (a, b) { return entityOrder[a] - entityOrder[b]; });
    if (asked > 0 && state.kies.length === 0) {
      // A link naming only lines this edition does not have: show the default view.
      state.kies = data.defaults.entities.slice();
    }
    if (!indicatorByKey.hasOwnProperty(state.indicator)) {
      state.indicator = data.defaults.indicator;
    }
    if (measureKeys.indexOf(state.maat) < 0) { state.maat = data.defaults.measure; }
    if (state.maat === "per100m" && !indicatorByKey[state.indicator].per100m) {
      state.maat = "abs";
    }
    if (data.years.indexOf(state.van) < 0) { state.van = data.defaults.from; }
    if (data.years.indexOf(state.tot) < 0) { state.tot = data.defaults.to; }
    if (state.van > state.tot) {
      var t = state.van; state.van = state.tot; state.tot = t;
    }
    return state;
  }


  // A link whose fragment cannot be read (`#kies=%E0%A4%A`: a broken escape, or a value
  // the page does not know how to show) opens the default view with a short notice,
  // never a blank page.
  var badLink = null;
  function linkNotice(show) {
    if (show && !badLink) {
      badLink = document.createElement("div");
      badLink.id = "vm-x-bad-link";
      badLink.className = "vm-notice vm-notice-warning";
      badLink.setAttribute("role", "status");
      badLink.textContent = "Deze link bevat een keuze die niet te lezen is; " +
        "u ziet de standaardweergave.";
      form.parentNode.insertBefore(badLink, form);
    } else if (!show && badLink) {
      badLink.remove();
      badLink = null;
    }
  }

  function fromHash(hash) {
    try {
      var state = readHash(hash);
      linkNotice(false);
      return state;
    } catch (error) {
      linkNotice(true);
      return canonical(defaults());
    }
  }

  function readHash(hash) {
    var state = defaults();
    var text = (hash || "").replace(/^#/, "");
    if (!text) { return canonical(state); }
    text.split("&").forEach(function (part) {
      var at = part.indexOf("=");
      if (at < 0) { return; }
      var key = decodeURIComponent(part.slice(0, at));
      var value = decodeURIComponent(part.slice(at + 1));
      if (key === "kies") { state.kies = value ? value.split(",") : []; }
      else if (key === "indicator") { state.indicator = value; }
      else if (key === "maat") { state.maat = value; }
      else if (key === "van") { state.van = parseInt(value, 10); }
      else if (key === "tot") { state.tot = parseInt(value, 10); }
    });
    return canonical(state);
  }

  function toHash(state) {
    return "kies=" + state.kies.map(encodeURIComponent).join(",") +
      "&indicator=" + encodeURIComponent(state.indicator) +
      "&maat=" + encodeURIComponent(state.maat) +
      "&van=" + state.van + "&tot=" + state.tot;
  }

  // ---------------------------------------------------------------- controls
  var indicatorSelect = document.getElementById("vm-x-indicator");
  var fromSelect = document.getElementById("vm-x-van");
  var toSelect = document.getElementById("vm-x-tot");
  var boxes = form.querySelectorAll('input[name="kies"]');
  var radios = form.querySelectorAll('input[name="maat"]');

  function readControls() {
    var kies = [];
    Array.prototype.forEach.call(boxes, function (b) { if (b.checked) { kies.push(b.value); } });
    var maat = data.defaults.measure;
    Array.prototype.forEach.call(radios, function (r) { if (r.checked) { maat = r.value; } });
    return canonical({
      kies: kies,
      indicator: indicatorSelect.value,
      maat: maat,
      van: parseInt(fromSelect.value, 10),
      tot: parseInt(toSelect.value, 10)
    });
  }

  function writeControls(state) {
    Array.prototype.forEach.call(boxes, function (b) {
      b.checked = state.kies.indexOf(b.value) >= 0;
    });
    indicatorSelect.value = state.indicator;
    var per100m = indicatorByKey[state.indicator].per100m;
    Array.prototype.forEach.call(radios, function (r) {
      r.checked = r.value === state.maat;
      r.disabled = r.value === "per100m" && !per100m;
    });
    fromSelect.value = String(state.van);
    toSelect.value = String(state.tot);
  }

  // ---------------------------------------------------------------- texts beside the chart
  function unitText(indicator, measure) {
    if (measure === "per100m") {
      return indicator.label + " per \u20ac 100 mln onderzoeksuitgaven" +
        (indicator.unit === "EUR" ? " (\u20ac)" : "");
    }
    if (indicator.unit === "EUR") { return indicator.label + " (\u20ac, prijspeil " + data.year + ")"; }
    if (indicator.unit === "FTE") { return indicator.label + " (fte)"; }
    return indicator.label + " (aantal)";
  }

  function joinNl(items) {
    if (items.length <= 1) { return items.join(""); }
    return items.slice(0, -1).join(", ") + " en " + items[items.length - 1];
  }

  function shownRows(state) {
    return rowsFor(state.indicator, state.maat).filter(function (r) {
      return r.y >= state.van && r.y <= state.tot && state.kies.indexOf(r.e) >= 0;
    });
  }

  function statusText(state, shown) {
    var ind = indicatorByKey[state.indicator];
    if (state.kies.length === 0) {
      return "Kies ten minste \u00e9\u00e9n instelling of groep om lijnen te zien.";
    }
    var names = state.kies.map(function (k) { return entityByKey[k].label; });
    var text = "Getoond: " + unitText(ind, state.maat) + ", " + state.van + "\u2013" + state.tot +
      ", voor " + joinNl(names) + ".";
    if (shown.length === 0) {
      return text + " Voor deze keuze is geen enkel cijfer opgegeven.";
    }
    var demo = shown.filter(function (r) { return r.basis === data.basis.demonstration; }).length;
    if (demo === shown.length) {
      text += " Alle getoonde cijfers zijn demonstratiegegevens.";
    } else if (demo > 0) {
      text += " " + num(demo, 0) + " van de " + num(shown.length, 0) +
        " getoonde cijfers zijn demonstratiegegevens (driehoekjes in de figuur).";
    } else {
      text += " Alle getoonde cijfers komen uit de inzendingen van de instellingen.";
    }
    return text;
  }

  function notesText(state) {
    var ind = indicatorByKey[state.indicator];
    var parts = [];
    if (state.maat === "per100m") {
      var own = peers.filter(function (p) { return p.indicator === state.indicator; });
      if (own.length) {
        parts.push("Grijze band en stippellijn: de bandbreedte en de centrale waarde van " +
          joinNl(own.map(function (p) { return p.tekst; })) + " per \u20ac 100 mln " +
          "onderzoeksuitgaven, zoals in hoofdstuk 3 (prijspeil " + data.year + "; de definities " +
          "van de top verschillen van die van de monitor, zie daar).");
      } else {
        parts.push("Geen instelling uit de Europese top publiceert " + ind.label.toLowerCase() +
          " per \u20ac 100 mln onderzoeksuitgaven: er is geen referentielijn.");
      }
      parts.push("Per \u20ac 100 mln: de uitkomst van elk jaar gedeeld door de " +
        "onderzoeksuitgaven van hetzelfde jaar (prijspeil " + data.year + "), over de instellingen " +
        "die beide opgaven.");
    } else {
      parts.push("De Europese top is alleen per \u20ac 100 mln onderzoeksuitgaven vergelijkbaar " +
        "(een absoluut aantal hangt af van de omvang); kies die maat voor de referentielijnen.");
    }
    var groups = state.kies.filter(function (k) { return entityByKey[k].members > 1; });
    if (groups.length) {
      parts.push("Een groep telt per jaar alleen de instellingen die het cijfer opgaven; " +
        "hun aantal staat tussen haakjes in de tabel.");
    }
    return parts.join(" ");
  }

  // ---------------------------------------------------------------- the table
  var table = document.getElementById("vm-x-table");
  function setText(node, text) { node.textContent = text; return node; }

  function writeTable(state) {
    var ind = indicatorByKey[state.indicator];
    var head = table.tHead;
    var body = table.tBodies[0];
    while (head.firstChild) { head.removeChild(head.firstChild); }
    while (body.firstChild) { body.removeChild(body.firstChild); }
    setText(table.caption, "Cijfers in de figuur: " + unitText(ind, state.maat));
    var tr = document.createElement("tr");
    var th = setText(document.createElement("th"), "Jaar");
    th.scope = "col";
    tr.appendChild(th);
    state.kies.forEach(function (k) {
      var cell = setText(document.createElement("th"), entityByKey[k].label);
      cell.scope = "col";
      cell.className = "vm-num";
      tr.appendChild(cell);
    });
    head.appendChild(tr);
    data.years.forEach(function (y, j) {
      if (y < state.van || y > state.tot) { return; }
      var row = document.createElement("tr");
      var yh = setText(document.createElement("th"), String(y));
      yh.scope = "row";
      row.appendChild(yh);
      state.kies.forEach(function (k) {
        var s = lookup[k + "|" + state.indicator + "|" + state.maat];
        var v = s ? s[3][j] : null;
        var td = document.createElement("td");
        td.className = "vm-num";
        var text = formatValue(v, ind, state.maat);
        if (v === null) {
          td.title = "niet gerapporteerd";
        } else {
          td.setAttribute("data-value", String(v));
          if (entityByKey[k].members > 1) { text += " (" + s[4][j] + ")"; }
          if (s[5][j]) { td.setAttribute("data-basis", "demonstration"); }
        }
        row.appendChild(setText(td, text));
      });
      body.appendChild(row);
    });
  }

  // ---------------------------------------------------------------- the chart
  var spec = JSON.parse(specNode.textContent);
  var view = null;
  var current = null;
  var loadedKey = null;

  function setParam(name, value) {
    spec.params.forEach(function (p) { if (p.name === name) { p.value = value; } });
  }

  function describe(state) {
    chartNode.setAttribute("role", "img");
    chartNode.removeAttribute("aria-roledescription");
    chartNode.setAttribute("aria-label", "Lijndiagram. " + document.getElementById("vm-x-status").textContent);
    chartNode.setAttribute("data-state", toHash(state));
  }

  // The axes follow what is in view: the x-axis ends at the last year with a figure
  // (never a rounded-up year after it), the y-axis runs from 0 to the largest value
  // shown (the top's band included), the colours follow the chosen lines.
  function scales(state, shown) {
    var eind = state.van;
    var ymax = 0;
    shown.forEach(function (r) {
      if (r.y > eind) { eind = r.y; }
      if (r.v > ymax) { ymax = r.v; }
    });
    if (!shown.length) { eind = state.tot; }
    if (state.maat === "per100m") {
      peers.forEach(function (p) {
        if (p.indicator !== state.indicator) { return; }
        var top = p.high === null || p.high === undefined ? p.value : p.high;
        if (top > ymax) { ymax = top; }
      });
    }
    return {
      eind: eind,
      ymax: ymax > 0 ? ymax : 1,
      namen: state.kies.map(function (k) { return entityByKey[k].label; })
    };
  }

  function show(state, writeHash) {
    current = state;
    writeControls(state);
    var ind = indicatorByKey[state.indicator];
    var shown = shownRows(state);
    setText(document.getElementById("vm-x-status"), statusText(state, shown));
    setText(document.getElementById("vm-x-notes"), notesText(state));
    if (window.VMRefs) { window.VMRefs.link(document.getElementById("vm-x-notes")); }
    writeTable(state);
    writeChosen(state);
    if (writeHash && window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#" + toHash(state));
    }
    var link = document.getElementById("vm-x-link");
    link.value = window.location.href.split("#")[0] + "#" + toHash(state);
    var axes = scales(state, shown);
    var values = {
      indicator: state.indicator,
      maat: state.maat,
      van: state.van,
      tot: state.tot,
      eind: axes.eind,
      ymax: axes.ymax,
      gekozen: state.kies.slice(),
      namen: axes.namen,
      ytitel: unitText(ind, state.maat)
    };
    // Nothing chosen: no chart to draw (the status says what to do), and no view to feed
    // an empty selection, whose scales Vega cannot lay out.
    var empty = state.kies.length === 0;
    chartNode.hidden = empty;
    chartNode.setAttribute("data-state", toHash(state));
    if (empty) { return; }
    var shownKey = state.indicator + "|" + state.maat;
    if (view) {
      Object.keys(values).forEach(function (k) { view.signal(k, values[k]); });
      if (shownKey !== loadedKey) {
        view.data("reeksen", rowsFor(state.indicator, state.maat));
        loadedKey = shownKey;
      }
      view.runAsync().then(function () { describe(state); });
    } else {
      Object.keys(values).forEach(function (k) { setParam(k, values[k]); });
      describe(state);
      if (drawWhenChosen) { drawWhenChosen = false; draw(); }
    }
  }

  var drawWhenChosen = false;
  function draw() {
    if (current.kies.length === 0) {
      drawWhenChosen = true;  // drawn once the reader chooses a line
      return;
    }
    if (typeof window.vegaEmbed !== "function") {
      setText(chartNode, "De figuur kan niet worden getekend; de tabel hieronder geeft de cijfers.");
      return;
    }
    loadedKey = current.indicator + "|" + current.maat;
    spec.datasets = { reeksen: rowsFor(current.indicator, current.maat), top: peers };
    var width = chartNode.clientWidth;
    if (width && width < spec.width + 80) {
      spec.width = Math.max(240, width - 80);
    }
    window.vegaEmbed(chartNode, spec, { renderer: "svg", actions: false }).then(function (result) {
      view = result.view;
      describe(current);
    }).catch(function (error) {
      chartNode.classList.add("vm-chart-failed");
      setText(chartNode, "Deze figuur kon niet worden getekend: " + error);
    });
  }

  // ---------------------------------------------------------------- chosen lines
  // Above the list: every chosen line as a button that removes it, so a choice can be
  // undone without finding it in the list again.
  var chosenNode = document.getElementById("vm-x-chosen");
  function writeChosen(state) {
    if (!chosenNode) { return; }
    while (chosenNode.firstChild) { chosenNode.removeChild(chosenNode.firstChild); }
    var head = setText(document.createElement("p"), state.kies.length
      ? "Gekozen (" + state.kies.length + "):" : "Nog niets gekozen.");
    head.className = "vm-x-chosen-title";
    chosenNode.appendChild(head);
    if (!state.kies.length) { return; }
    var list = document.createElement("ul");
    list.className = "vm-x-chosen-list";
    state.kies.forEach(function (k) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "vm-x-remove";
      button.setAttribute("data-key", k);
      button.setAttribute("aria-label", "Verwijder " + entityByKey[k].long + " uit de keuze");
      button.appendChild(setText(document.createElement("span"), entityByKey[k].label));
      var cross = setText(document.createElement("span"), " \u00d7");
      cross.setAttribute("aria-hidden", "true");
      button.appendChild(cross);
      item.appendChild(button);
      list.appendChild(item);
    });
    chosenNode.appendChild(list);
  }
  if (chosenNode) {
    chosenNode.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button[data-key]") : null;
      if (!button) { return; }
      var box = document.getElementById("vm-x-e-" + button.getAttribute("data-key"));
      if (box) { box.checked = false; }
      linkNotice(false);
      show(readControls(), true);
      var next = chosenNode.querySelector("button") || document.getElementById("vm-x-zoek");
      if (next) { next.focus(); }
    });
  }

  // ---------------------------------------------------------------- finding a line
  // Typing in the search box shows only the lines whose name has a word starting with
  // each word typed ("univ a", "brainport"), opening the sections that hold them; an
  // empty box shows the sections as the reader left them.
  var findBox = document.getElementById("vm-x-zoek");
  var findStatus = document.getElementById("vm-x-zoek-status");
  var sections = form.querySelectorAll(".vm-x-set");
  var savedOpen = null;
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function atWordStart(text, word) {
    var at = text.indexOf(word);
    while (at >= 0) {
      if (at === 0 || !/[a-z0-9]/.test(text.charAt(at - 1))) { return true; }
      at = text.indexOf(word, at + 1);
    }
    return false;
  }
  function filterList() {
    var words = fold(findBox.value).split(/\s+/).filter(Boolean);
    if (!words.length) {
      Array.prototype.forEach.call(sections, function (section, n) {
        section.hidden = false;
        Array.prototype.forEach.call(section.querySelectorAll("li"), function (li) { li.hidden = false; });
        if (savedOpen) { section.open = savedOpen[n]; }
      });
      savedOpen = null;
      setText(findStatus, "");
      return;
    }
    if (!savedOpen) {
      savedOpen = Array.prototype.map.call(sections, function (section) { return section.open; });
    }
    var found = 0;
    Array.prototype.forEach.call(sections, function (section) {
      var here = 0;
      var group = fold(section.querySelector("summary").textContent);
      Array.prototype.forEach.call(section.querySelectorAll("li"), function (li) {
        var text = fold(li.textContent) + " " + group;
        var match = words.every(function (w) { return atWordStart(text, w); });
        li.hidden = !match;
        if (match) { here += 1; }
      });
      section.hidden = here === 0;
      section.open = here > 0;
      found += here;
    });
    setText(findStatus, found === 0 ? "Geen instelling of groep gevonden."
      : found === 1 ? "1 gevonden." : found + " gevonden.");
  }
  if (findBox) {
    findBox.addEventListener("input", filterList);
    findBox.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { findBox.value = ""; filterList(); }
      else if (event.key === "ArrowDown") {
        var first = form.querySelector(".vm-x-set:not([hidden]) li:not([hidden]) input");
        if (first) { event.preventDefault(); first.focus(); }
      } else if (event.key === "Enter") { event.preventDefault(); }
    });
  }
  // A shared link opens the sections that hold its lines.
  function openChosen(state) {
    Array.prototype.forEach.call(sections, function (section) {
      var has = Array.prototype.some.call(section.querySelectorAll("input[name=kies]"), function (b) {
        return state.kies.indexOf(b.value) >= 0;
      });
      if (has) { section.open = true; }
    });
  }

  // ---------------------------------------------------------------- wiring
  form.addEventListener("change", function (event) {
    if (event.target === findBox) { return; }  // the search box only filters the list
    linkNotice(false);
    show(readControls(), true);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.addEventListener("hashchange", function () {
    show(fromHash(window.location.hash), false);
    openChosen(current);
  });
  var copy = document.getElementById("vm-x-copy");
  copy.addEventListener("click", function () {
    var link = document.getElementById("vm-x-link");
    var done = function () { setText(document.getElementById("vm-x-copied"), "Link gekopieerd."); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(link.value).then(done, function () {
        link.select();
        setText(document.getElementById("vm-x-copied"), "Kopieer de geselecteerde link met Ctrl+C.");
      });
    } else {
      link.select();
      try { document.execCommand("copy"); done(); } catch (e) { link.select(); }
    }
  });

  show(fromHash(window.location.hash), false);
  openChosen(current);
  draw();
})();
