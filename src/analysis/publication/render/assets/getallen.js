/* Dutch numbers and amounts for the interactive pages (verkenner, scenarioverkenner): the
   same conventions as analysis.publication.formatting (decimal comma, thousands point,
   "€ 62,7 mln" with no-break spaces and no ",0" on a whole amount, the minus sign U+2212,
   "–" for a missing value), in one place both pages' scripts use. */
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
    var shown = formats[decimals].format(v);
    if (/^-0(,0+)?$/.test(shown)) { shown = shown.slice(1); }  // no negative zero
    return shown.replace("-", "\u2212");
  }
  var NBSP = "\u00a0";
  function scaled(v) {
    var shown = num(v, 1);
    return /,0$/.test(shown) ? num(v, 0) : shown;
  }
  function money(v) {
    var a = Math.abs(v);
    if (a >= 1e9) { return "\u20ac" + NBSP + scaled(v / 1e9) + NBSP + "mld"; }
    if (a >= 1e6) { return "\u20ac" + NBSP + scaled(v / 1e6) + NBSP + "mln"; }
    return "\u20ac" + NBSP + num(v, 0);
  }
  window.VMGetallen = { MISSING: "\u2013", num: num, money: money };
})();
