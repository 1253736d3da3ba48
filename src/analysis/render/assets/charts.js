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

  function draw(node) {
    var script = specScript(node);
    if (!script || typeof window.vegaEmbed !== "function") {
      return;
    }
    var spec = JSON.parse(script.textContent);
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
