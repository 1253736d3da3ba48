/* Dutch numbers and amounts for the interactive pages (verkenner, scenarioverkenner): the
   same conventions as analysis.publication.formatting (decimal comma, thousands point,
   "€ 62,7 mln", "–" for a missing value), in one place both pages' scripts use. */
(function () {
  "use strict";
  var formats = {};
  function num(v, decimals) {
    if (!formats[decimals]) {
      formats[decimals] = new Intl.NumberFormat("nl-NL", {
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals
      });
    }
    return formats[decimals].format(v);
  }
  function money(v) {
    var a = Math.abs(v);
    if (a >= 1e9) { return "\u20ac " + num(v / 1e9, 1) + " mld"; }
    if (a >= 1e6) { return "\u20ac " + num(v / 1e6, 1) + " mln"; }
    return "\u20ac " + num(v, 0);
  }
  window.VMGetallen = { MISSING: "\u2013", num: num, money: money };
})();
