/* Draws every chart on the page with the offline vega-embed bundle (assets/vega-embed.js).
   Each `.vm-chart` names the JSON script element that holds its Vega-Lite spec. Numbers and
   dates use the Dutch (nl-NL) locale; the locale dicts are filled in at render time from
   vl-convert so the site and the PDF format numbers identically. SVG renderer: crisp,
   printable and readable by assistive technology. */
(function () {
  "use strict";
  var FORMAT_LOCALE = /*FORMAT_LOCALE*/null;
  var TIME_FORMAT_LOCALE = /*TIME_FORMAT_LOCALE*/null;

  function specScript(node) {
    // Site pages name the spec element in data-spec; the notebook's own HTML fallback
    // (rendered by Quarto) puts it in a script with data-for="<container id>".
    var id = node.getAttribute("data-spec");
    if (id) {
      return document.getElementById(id);
    }
    return node.id ? document.querySelector('script[data-for="' + node.id + '"]') : null;
  }

  // On a screen narrower than the chart (a phone), draw the chart to the container's width
  // instead of scaling the whole picture down: labels keep their size (at least 11 px), the
  // plot area shrinks, and long axis labels are cut at about 40% of the width with "…"
  // (the table behind the chart holds them whole).
  var MIN_LABEL_PX = 11;
  function fitToScreen(node, spec) {
    var available = node.clientWidth;
    if (!available || typeof spec.width !== "number" || spec.width + 80 <= available) {
      return;
    }
    spec.width = "container";
    spec.autosize = { type: "fit", contains: "padding" };
    var config = spec.config = spec.config || {};
    var limit = Math.max(80, Math.round(available * 0.4));
    var titleLimit = Math.max(100, available - limit - 30);  // the plot area: beside the labels
    function shrink(part, kind) {
      part.labelFontSize = Math.max(part.labelFontSize || 0, MIN_LABEL_PX);
      part.titleFontSize = Math.max(part.titleFontSize || 0, MIN_LABEL_PX);
      part.labelLimit = Math.min(part.labelLimit || limit, limit);
      part.titleLimit = Math.min(part.titleLimit || titleLimit, titleLimit);
      if (kind === "axis") {
        part.labelOverlap = "greedy";  // drop labels that would run into each other
      } else {
        part.direction = "vertical";  // one item per line: a row of items overflows
        part.columns = 1;
      }
    }
    ["axis", "legend"].forEach(function (key) {
      shrink(config[key] = config[key] || {}, key);
    });
    // Axes and legends set in the encodings override the config: shrink those too.
    (function walk(value) {
      if (!value || typeof value !== "object") {
        return;
      }
      Object.keys(value).forEach(function (key) {
        var child = value[key];
        if ((key === "axis" || key === "legend") && child && typeof child === "object") {
          shrink(child, key);
        }
        if (key !== "datasets" && key !== "data") {
          walk(child);
        }
      });
    })(spec);
  }

  function draw(node) {
    var script = specScript(node);
    if (!script || typeof window.vegaEmbed !== "function") {
      return;
    }
    var spec = JSON.parse(script.textContent);
    fitToScreen(node, spec);
    // vega-embed replaces the container's role and label with a generic "Vega
    // visualization"; the chart's own one-sentence description is put back afterwards.
    var label = node.getAttribute("aria-label");
    window.vegaEmbed(node, spec, {
      renderer: "svg",
      actions: false,
      formatLocale: FORMAT_LOCALE,
      timeFormatLocale: TIME_FORMAT_LOCALE
    }).then(function () {
      node.setAttribute("role", "img");
      node.removeAttribute("aria-roledescription");
      if (label) {
        node.setAttribute("aria-label", label);
      }
    }).catch(function (error) {
      node.classList.add("vm-chart-failed");
      node.textContent = "Deze figuur kon niet worden getekend: " + error;
    });
  }

  function drawAll() {
    var nodes = document.querySelectorAll(".vm-chart");
    for (var i = 0; i < nodes.length; i += 1) {
      draw(nodes[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
