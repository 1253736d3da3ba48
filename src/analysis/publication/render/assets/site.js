/* The year switcher: every published year, each opening this same page in that year.
   `../../years.js` sits at the root of the output folder, beside the year folders, and is
   rewritten whenever a year is published (analysis.build); it sets window.VM_YEARS to
   {"<year>": ["index.html", ...pages of that year's site]}. A page built years ago thus lists
   a year published after it, without being rebuilt. Without years.js (a year folder opened on
   its own) the list written into the page stays as it is. */
(function () {
  "use strict";
  var nav = document.querySelector(".vm-years");
  var years = window.VM_YEARS;
  if (!nav || !years || typeof years !== "object") {
    return;
  }
  var current = nav.getAttribute("data-vm-year");
  var page = nav.getAttribute("data-vm-page") || "index.html";
  var list = nav.querySelector("ul");
  if (!list) {
    return;
  }
  var keys = Object.keys(years).filter(function (y) {
    return /^[0-9]{4}$/.test(y);
  }).sort().reverse();
  if (keys.length === 0) {
    return;
  }
  while (list.firstChild) {
    list.removeChild(list.firstChild);
  }
  keys.forEach(function (y) {
    var pages = years[y] || [];
    var target = pages.indexOf(page) >= 0 ? page : "index.html";
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = "../../" + y + "/site/" + target;
    link.textContent = y;
    if (y === current) {
      link.setAttribute("aria-current", "true");
    }
    item.appendChild(link);
    list.appendChild(item);
  });
})();
