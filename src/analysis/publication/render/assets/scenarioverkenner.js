/* The scenario explorer (scenarioverkenner.html): sliders for the catch-up scenario's
   assumptions, the path recomputed by VMScenario (assets/scenario-model.js, the same
   arithmetic as analysis.scenario) from the inputs in assets/scenario-gegevens.js.
   The choices live in the URL fragment so a set of assumptions can be shared. Text from
   the data is only ever set with textContent. */
(function () {
  "use strict";
  var data = window.VM_SCENARIO;
  var model = window.VMScenario;
  var form = document.getElementById("vm-s-form");
  if (!data || data.format !== 1 || !model || !form || !window.VMGetallen) {
    return;
  }
  var MISSING = window.VMGetallen.MISSING;
  var $ = function (id) { return document.getElementById(id); };
  function setText(node, text) { node.textContent = text; return node; }

  var num = window.VMGetallen.num;
  var money = window.VMGetallen.money;
  // Which indicators are amounts in euros: the catalogue's word, carried in the data.
  var isMoney = {};
  data.money.forEach(function (code) { isMoney[code] = true; });
  function amount(v, indicator) {
    if (v === null || !isFinite(v)) { return MISSING; }
    return isMoney[indicator] ? money(v) : num(v, 0);
  }
  function intensity(v, indicator) {
    if (v === null || !isFinite(v)) { return MISSING; }
    return isMoney[indicator] ? "\u20ac " + num(v, 0) : num(v, 2);
  }

  var choiceByKey = {};
  data.choices.forEach(function (c) { choiceByKey[c.key] = c; });

  // ---------------------------------------------------------------- state and the URL
  function comparisonOf(state) {
    var found = null;
    choiceByKey[state.top].comparisons.forEach(function (c) {
      if (c.key === state.vergelijking) { found = c; }
    });
    return found;
  }

  function defaults() {
    var top = data.choices.length ? data.choices[0].key : "";
    return {
      top: top,
      vergelijking: data.headline || "",
      doel: "central",
      opbouw: "budget",
      vertraging: data.lag,
      doeljaar: data.targetYear,
      horizon: "early",
      banen: data.jobs.early.central !== undefined ? data.jobs.early.central : 0
    };
  }

  function canonical(state) {
    var d = defaults();
    if (!choiceByKey.hasOwnProperty(state.top)) { state.top = d.top; }
    var comparisons = choiceByKey[state.top] ? choiceByKey[state.top].comparisons : [];
    if (!comparisonOf(state)) {
      var lagging = comparisons.filter(function (c) { return c.status === "lagging"; });
      var pick = comparisons.filter(function (c) { return c.key === d.vergelijking; });
      state.vergelijking = pick.length ? pick[0].key :
        lagging.length ? lagging[0].key : comparisons.length ? comparisons[0].key : "";
    }
    if (["low", "central", "high"].indexOf(state.doel) < 0) { state.doel = d.doel; }
    if (model.SHAPES.indexOf(state.opbouw) < 0) { state.opbouw = d.opbouw; }
    var year = parseInt(state.doeljaar, 10);
    if (!(year > data.baseYear && year <= data.maxTargetYear)) { year = d.doeljaar; }
    state.doeljaar = year;
    var lag = parseInt(state.vertraging, 10);
    if (!(lag >= 0 && lag <= data.maxLag)) { lag = d.vertraging; }
    // A lag longer than the path would push the whole build-up past the target year.
    state.vertraging = Math.min(lag, year - data.baseYear);
    if (state.horizon !== "early" && state.horizon !== "longRun") { state.horizon = d.horizon; }
    var jobs = parseFloat(state.banen);
    if (!(jobs >= 0 && jobs <= 60)) { jobs = d.banen; }
    state.banen = Math.round(jobs * 10) / 10;
    return state;
  }


  // A link whose fragment cannot be read (`#kies=%E0%A4%A`: a broken escape, or a value
  // the page does not know how to show) opens the default view with a short notice,
  // never a blank page.
  var badLink = null;
  function linkNotice(show) {
    if (show && !badLink) {
      badLink = document.createElement("div");
      badLink.id = "vm-s-bad-link";
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
    (hash || "").replace(/^#/, "").split("&").forEach(function (part) {
      var at = part.indexOf("=");
      if (at < 0) { return; }
      var key = decodeURIComponent(part.slice(0, at));
      if (state.hasOwnProperty(key)) { state[key] = decodeURIComponent(part.slice(at + 1)); }
    });
    return canonical(state);
  }

  function toHash(state) {
    return ["top", "vergelijking", "doel", "opbouw", "vertraging", "doeljaar", "horizon", "banen"]
      .map(function (k) { return k + "=" + encodeURIComponent(String(state[k])); }).join("&");
  }

  // ---------------------------------------------------------------- controls
  var topSelect = $("vm-s-top");
  var comparisonSelect = $("vm-s-vergelijking");
  var shapeSelect = $("vm-s-opbouw");
  var yearRange = $("vm-s-doeljaar");
  var lagRange = $("vm-s-vertraging");
  var jobsRange = $("vm-s-banen");

  function radioValue(name, fallback) {
    var value = fallback;
    Array.prototype.forEach.call(form.querySelectorAll('input[name="' + name + '"]'), function (r) {
      if (r.checked) { value = r.value; }
    });
    return value;
  }
  function setRadio(name, value) {
    Array.prototype.forEach.call(form.querySelectorAll('input[name="' + name + '"]'), function (r) {
      r.checked = r.value === value;
    });
  }

  function readControls(changed) {
    var state = {
      top: topSelect.value,
      vergelijking: comparisonSelect.value,
      doel: radioValue("doel", "central"),
      opbouw: shapeSelect.value,
      vertraging: lagRange.value,
      doeljaar: yearRange.value,
      horizon: radioValue("horizon", "early"),
      banen: jobsRange.value
    };
    if (changed === "horizon") {
      // The horizon names which cited figure the slider starts from.
      var figures = data.jobs[state.horizon] || {};
      var start = state.horizon === "early" ? figures.central : figures.low;
      if (start !== undefined) { state.banen = start; }
    }
    return canonical(state);
  }

  function fillComparisons(state) {
    while (comparisonSelect.firstChild) { comparisonSelect.removeChild(comparisonSelect.firstChild); }
    choiceByKey[state.top].comparisons.forEach(function (c) {
      var option = document.createElement("option");
      option.value = c.key;
      option.textContent = c.label + (c.status === "lagging" ? "" : " (" + c.statusText + ")");
      comparisonSelect.appendChild(option);
    });
  }

  function writeControls(state) {
    topSelect.value = state.top;
    fillComparisons(state);
    comparisonSelect.value = state.vergelijking;
    setRadio("doel", state.doel);
    shapeSelect.value = state.opbouw;
    yearRange.value = String(state.doeljaar);
    setText($("vm-s-doeljaar-out"), String(state.doeljaar));
    lagRange.max = String(Math.min(data.maxLag, state.doeljaar - data.baseYear));
    lagRange.value = String(state.vertraging);
    setText($("vm-s-vertraging-out"), state.vertraging === 1 ? "1 jaar" : state.vertraging + " jaar");
    setRadio("horizon", state.horizon);
    jobsRange.value = String(state.banen);
    setText($("vm-s-banen-out"), num(state.banen, 1));
    yearRange.setAttribute("aria-valuetext", String(state.doeljaar));
    lagRange.setAttribute("aria-valuetext", $("vm-s-vertraging-out").textContent);
    jobsRange.setAttribute("aria-valuetext", num(state.banen, 1) + " banen per spin-off");
    var comparison = comparisonOf(state);
    applies(comparison);
    Array.prototype.forEach.call(form.querySelectorAll(".vm-s-target"), function (node) {
      var v = comparison ? comparison.targets[node.getAttribute("data-variant")] : null;
      setText(node, comparison ? "(" + intensity(v, comparison.indicator) + ")" : "");
    });
    var presets = $("vm-s-presets");
    while (presets.firstChild) { presets.removeChild(presets.firstChild); }
    var figures = data.jobs[state.horizon] || {};
    ["low", "central", "high"].forEach(function (v) {
      if (figures[v] === undefined) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = ({ low: "laag", central: "centraal", high: "hoog" })[v] + ": " +
        num(figures[v], 1);
      button.addEventListener("click", function () {
        var next = readControls();
        next.banen = figures[v];
        show(canonical(next), true);
      });
      presets.appendChild(button);
    });
  }

  // ---------------------------------------------------------------- what applies
  // A control that changes nothing for the current choice is disabled, with the reason
  // beside it: without a lag to close there is no path (target, build-up, horizon, lag),
  // and jobs follow from extra spin-offs only.
  var pathGroup = $("vm-s-pad");
  var jobsGroup = $("vm-s-banen-groep");
  function setReason(group, node, reason) {
    group.disabled = !!reason;
    node.hidden = !reason;
    setText(node, reason ? "Niet van toepassing: " + reason : "");
  }
  function applies(c) {
    var noPath = !c ? "met deze vergelijkingsgroep is er geen vergelijking, dus geen pad."
      : c.status !== "lagging" ? "Nederland ligt bij deze vergelijking niet aantoonbaar " +
        "achter op de top; er is geen achterstand om in te lopen, dus geen pad."
      : "";
    setReason(pathGroup, $("vm-s-pad-reden"), noPath);
    var noJobs = noPath ? "zonder pad zijn er geen extra spin-offs, dus geen banen."
      : c.indicator !== "spinoffs" ? "banen volgen alleen uit extra spin-offs; deze " +
        "vergelijking gaat over " + (data.labels[c.indicator] || c.indicator).toLowerCase() + "."
      : "";
    setReason(jobsGroup, $("vm-s-banen-reden"), noJobs);
  }

  // ---------------------------------------------------------------- the computation
  function compute(state) {
    var c = comparisonOf(state);
    if (!c || c.status !== "lagging") { return { comparison: c, rows: [] }; }
    var rows = model.path({
      budget: data.budget,
      baseYear: data.baseYear,
      targetYear: state.doeljaar,
      shape: state.opbouw,
      lag: state.vertraging,
      indicator: c.indicator,
      baseline: c.baseline,
      target: c.targets[state.doel],
      baseCount: data.baseCounts[c.indicator],
      jobsPerSpinoff: state.banen
    });
    return { comparison: c, rows: rows };
  }

  function summary(state, result) {
    var box = $("vm-s-summary");
    while (box.firstChild) { box.removeChild(box.firstChild); }
    var c = result.comparison;
    var lines = [];
    var warning = "";
    if (!c) {
      lines.push("Met deze vergelijkingsgroep is geen enkele vergelijking mogelijk: geen van deze " +
        "instellingen publiceert een vergelijkbaar cijfer.");
    } else if (c.status !== "lagging") {
      lines.push(c.label + ": " + c.statusText + ". Nederland " + intensity(c.baseline, c.indicator) +
        ", de top (" + c.peers + ") centraal " + intensity(c.targets.central, c.indicator) +
        ". Er is dus geen achterstand om in te lopen en geen extra uitkomst.");
    } else {
      var last = result.rows[result.rows.length - 1];
      var first = data.baseYear + 1;
      var label = data.labels[c.indicator] || c.indicator;
      lines.push(c.label + ": Nederland " + intensity(c.baseline, c.indicator) + ", doel " +
        intensity(c.targets[state.doel], c.indicator) + " (de top: " + c.peers + ", " +
        ({ low: "laag", central: "centraal", high: "hoog" })[state.doel] + ").");
      lines.push("Extra " + label.toLowerCase() + " in " + state.doeljaar + ": " +
        amount(last.extra, c.indicator) + "; " + first + "\u2013" + state.doeljaar + " samen: " +
        amount(last.extra_cumulative, c.indicator) + " (landelijk, boven " +
        amount(last.count_baseline, c.indicator) + " per jaar zonder inhaalslag).");
      // Far above today's level: say so, beside the number, every time.
      var factor = last.count_baseline > 0 ? last.count_scenario / last.count_baseline : NaN;
      if (isFinite(factor) && factor > data.plausibleFactor) {
        warning = "Let op: in " + state.doeljaar + " zou Nederland " +
          amount(last.count_scenario, c.indicator) + " " + label.toLowerCase() +
          " per jaar halen, " + num(factor, 1) + " keer het huidige niveau (" +
          amount(last.count_baseline, c.indicator) + "). Lees een uitkomst van meer dan " +
          num(data.plausibleFactor, 0) + " keer het huidige niveau als een rekenvoorbeeld " +
          "met deze aannames, niet als een verwachting.";
      }
      if (c.indicator === "spinoffs") {
        lines.push(state.horizon === "early"
          ? "Banen bij deze extra spin-offs in hun eerste jaren, in " + state.doeljaar + ": " +
            num(last.extra_jobs, 0) + " (" + num(state.banen, 1) + " per spin-off)."
          : "Als deze extra spin-offs overleven en groeien zoals de geciteerde voorraad (" +
            num(state.banen, 1) + " banen per bestaand bedrijf), werken er decennia later " +
            num(last.extra_jobs, 0) + " mensen; dat zijn geen banen in " + state.doeljaar + ".");
      } else {
        lines.push("Banen volgen alleen uit extra spin-offs; in deze vergelijking zijn er geen.");
      }
    }
    lines.forEach(function (text) { box.appendChild(setText(document.createElement("p"), text)); });
    box.classList.toggle("vm-s-implausible", !!warning);
    if (warning) {
      var note = setText(document.createElement("p"), warning);
      note.className = "vm-s-warning";
      note.id = "vm-s-warning";
      box.appendChild(note);
    }
    var notes = "Waar de cijfers op berusten: " +
      (data.demo ? "Nederland (uitgangswaarde en landelijke aantallen) op demonstratiegegevens" :
        "Nederland op de inzendingen van de instellingen") +
      "; de top op geciteerde bronnen (hoofdstuk 3); opbouw, vertraging en de bandbreedte van " +
      "de banen zijn aannames. Met de keuzes van het rapport (alle drie, centraal, volgens het " +
      "budget, " + data.lag + " jaar vertraging, doeljaar " + data.targetYear + ") zijn de " +
      "uitkomsten die van hoofdstuk 5.";
    setText($("vm-s-notes"), notes);
    if (window.VMRefs) { window.VMRefs.link($("vm-s-notes")); }
  }

  function writeTable(state, result) {
    var table = $("vm-s-table");
    var head = table.tHead;
    var body = table.tBodies[0];
    while (head.firstChild) { head.removeChild(head.firstChild); }
    while (body.firstChild) { body.removeChild(body.firstChild); }
    var c = result.comparison;
    var columns = ["Jaar", "Aandeel van de opbouw", "Intensiteit", "Zonder inhaalslag",
      "Scenario", "Extra", "Extra samen"];
    var keys = ["year", "ramp_share", "scenario_intensity", "count_baseline", "count_scenario",
      "extra", "extra_cumulative"];
    if (c && c.indicator === "spinoffs") { columns.push("Banen"); keys.push("extra_jobs"); }
    var tr = document.createElement("tr");
    columns.forEach(function (name, n) {
      var th = setText(document.createElement("th"), name);
      th.scope = "col";
      if (n > 0) { th.className = "vm-num"; }
      tr.appendChild(th);
    });
    head.appendChild(tr);
    result.rows.forEach(function (row) {
      var line = document.createElement("tr");
      keys.forEach(function (key, n) {
        var cell = document.createElement(n === 0 ? "th" : "td");
        var v = row[key];
        var text;
        if (key === "year") { text = String(v); cell.scope = "row"; }
        else if (key === "ramp_share") { text = num(v * 100, 1) + "%"; }
        else if (key === "scenario_intensity") { text = intensity(v, c.indicator); }
        else if (key === "extra_jobs") { text = isFinite(v) ? num(v, 0) : MISSING; }
        else { text = amount(v, c.indicator); }
        if (n > 0) { cell.className = "vm-num"; }
        cell.setAttribute("data-key", key);
        cell.setAttribute("data-value", String(v));
        line.appendChild(setText(cell, text));
      });
      body.appendChild(line);
    });
    setText(table.caption, c ? "Het pad per jaar: " + c.label : "Het pad per jaar");
  }

  // ---------------------------------------------------------------- the chart
  var chartNode = $("vm-s-chart");
  var spec = JSON.parse($("vm-s-spec").textContent);
  var view = null;
  var pending = null;

  function chartRows(state, result) {
    var c = result.comparison;
    var out = [];
    result.rows.forEach(function (row) {
      out.push({ jaar: row.year, reeks: "Zonder inhaalslag", waarde: row.count_baseline,
        tekst: amount(row.count_baseline, c.indicator) });
      out.push({ jaar: row.year, reeks: "Scenario", waarde: row.count_scenario,
        tekst: amount(row.count_scenario, c.indicator) });
    });
    return out;
  }

  function describe(state) {
    chartNode.setAttribute("role", "img");
    chartNode.removeAttribute("aria-roledescription");
    chartNode.setAttribute("aria-label", "Lijndiagram van het pad. " + $("vm-s-summary").textContent);
    chartNode.setAttribute("data-state", toHash(state));
  }

  function drawChart(state, result) {
    var c = result.comparison;
    var title = c ? (data.labels[c.indicator] || c.indicator) + " per jaar, landelijk" : "";
    var values = result.rows.length ? chartRows(state, result) : [];
    // No path: nothing to draw (the summary says why), and no empty data for Vega to
    // lay out; the chart returns with the next choice that has a path.
    chartNode.hidden = values.length === 0;
    if (!values.length) {
      chartNode.setAttribute("data-state", toHash(state));
      return;
    }
    if (!view && embedded === "waiting") {
      pending = { state: state, values: values, title: title };
      embed();
      return;
    }
    if (view) {
      view.signal("ytitel", title);
      view.data("pad", values);
      view.runAsync().then(function () { describe(state); });
      return;
    }
    pending = { state: state, values: values, title: title };
  }

  var embedded = "no";
  function embed() {
    if (typeof window.vegaEmbed !== "function") { return; }
    if (!pending || !pending.values.length) { embedded = "waiting"; return; }
    embedded = "yes";
    var width = chartNode.clientWidth;
    if (width && width < spec.width + 80) { spec.width = Math.max(240, width - 80); }
    if (pending) {
      spec.datasets.pad = pending.values;
      spec.params[0].value = pending.title;
    }
    window.vegaEmbed(chartNode, spec, { renderer: "svg", actions: false }).then(function (r) {
      view = r.view;
      if (pending) { describe(pending.state); }
    }).catch(function (error) {
      setText(chartNode, "Deze figuur kon niet worden getekend: " + error);
    });
  }

  // ---------------------------------------------------------------- wiring
  function show(state, writeHash) {
    writeControls(state);
    var result = compute(state);
    summary(state, result);
    writeTable(state, result);
    drawChart(state, result);
    if (writeHash && window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#" + toHash(state));
    }
    $("vm-s-link").value = window.location.href.split("#")[0] + "#" + toHash(state);
    form.setAttribute("data-state", toHash(state));
  }

  form.addEventListener("input", function (event) {
    linkNotice(false);
    show(readControls(event.target && event.target.name), true);
  });
  form.addEventListener("change", function (event) {
    linkNotice(false);
    show(readControls(event.target && event.target.name), true);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.addEventListener("hashchange", function () { show(fromHash(window.location.hash), false); });

  var copy = $("vm-s-copy");
  if (copy) {
    copy.addEventListener("click", function () {
      var link = $("vm-s-link");
      var done = function () { setText($("vm-s-copied"), "Link gekopieerd."); };
      var manual = function () {
        link.select();
        setText($("vm-s-copied"), "Kopieer de geselecteerde link met Ctrl+C.");
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(link.value).then(done, manual);
      } else {
        link.select();
        try { if (document.execCommand("copy")) { done(); } else { manual(); } } catch (e) { manual(); }
      }
    });
  }

  show(fromHash(window.location.hash), false);
  embed();
})();
