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

  function show(state, writeHash) {
    current = state;
    writeControls(state);
    var ind = indicatorByKey[state.indicator];
    var shown = shownRows(state);
    setText(document.getElementById("vm-x-status"), statusText(state, shown));
    setText(document.getElementById("vm-x-notes"), notesText(state));
    writeTable(state);
    if (writeHash && window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#" + toHash(state));
    }
    var link = document.getElementById("vm-x-link");
    link.value = window.location.href.split("#")[0] + "#" + toHash(state);
    var values = {
      indicator: state.indicator,
      maat: state.maat,
      van: state.van,
      tot: state.tot,
      gekozen: state.kies.slice(),
      ytitel: unitText(ind, state.maat)
    };
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
    }
  }

  function draw() {
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

  // ---------------------------------------------------------------- wiring
  form.addEventListener("change", function () {
    linkNotice(false);
    show(readControls(), true);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.addEventListener("hashchange", function () { show(fromHash(window.location.hash), false); });
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
  draw();
})();
