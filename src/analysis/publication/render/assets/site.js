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

/* The navigation's two menus (native <details>): one open at a time, Escape closes the
   open one and returns focus to its summary, a click elsewhere closes it. Without this
   script the menus still open and close from mouse and keyboard. */
(function () {
  "use strict";
  var menus = Array.prototype.slice.call(document.querySelectorAll("details.vm-menu"));
  if (menus.length === 0) {
    return;
  }
  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () {
      if (menu.open) {
        menus.forEach(function (other) {
          if (other !== menu) {
            other.open = false;
          }
        });
      }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    menus.forEach(function (menu) {
      if (menu.open) {
        menu.open = false;
        var summary = menu.querySelector("summary");
        if (summary) {
          summary.focus();
        }
      }
    });
  });
  document.addEventListener("click", function (event) {
    menus.forEach(function (menu) {
      if (menu.open && !menu.contains(event.target)) {
        menu.open = false;
      }
    });
  });
})();

/* Permalinks: the copy button puts this page's address with the figure's or table's
   anchor on the clipboard. Pages opened from file:// may not reach the clipboard API;
   then the older copy command is tried on a selected field, and where that fails too
   the field stays selected with the address, for the reader's own Ctrl+C. */
(function () {
  "use strict";
  function address(anchor) {
    return window.location.href.split("#")[0] + "#" + anchor;
  }
  function say(button, text) {
    var status = button.parentNode.querySelector(".vm-copy-status");
    if (status) {
      status.textContent = text;
    }
  }
  function fallback(button, url) {
    var field = button.parentNode.querySelector(".vm-copy-field");
    if (!field) {
      field = document.createElement("input");
      field.type = "text";
      field.readOnly = true;
      field.className = "vm-copy-field";
      field.setAttribute("aria-label", "Link naar dit onderdeel");
      button.parentNode.appendChild(field);
    }
    field.value = url;
    field.focus();
    field.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (err) {
      copied = false;
    }
    say(button, copied ? "Gekopieerd" : "Kopieer de geselecteerde link met Ctrl+C");
  }
  Array.prototype.forEach.call(document.querySelectorAll("button.vm-copy"), function (button) {
    button.addEventListener("click", function () {
      var url = address(button.getAttribute("data-vm-copy") || "");
      button.setAttribute("data-vm-copied", url);
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(
          function () {
            say(button, "Gekopieerd");
          },
          function () {
            fallback(button, url);
          }
        );
      } else {
        fallback(button, url);
      }
    });
  });
})();

/* Cross-references in text a page script writes ("zoals in hoofdstuk 3"): the same links
   the renderer makes in the page's own text (analysis.publication.render.crossrefs). The
   renderer puts this site's chapter and annex addresses on <body data-vm-refs>; a page
   script calls VMRefs.link(node) after setting a text, and only text nodes change. */
(function () {
  "use strict";
  var refs = {};
  try {
    refs = JSON.parse(document.body.getAttribute("data-vm-refs") || "{}");
  } catch (err) {
    refs = {};
  }
  var pattern = /\b([Hh]oofdstuk|[Bb]ijlage)\s([0-9]{1,2}|[A-Z])\b/g;
  function link(node) {
    if (!node) {
      return;
    }
    var texts = [];
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      if (!walker.currentNode.parentNode.closest("a")) {
        texts.push(walker.currentNode);
      }
    }
    texts.forEach(function (text) {
      var value = text.nodeValue;
      var parts = document.createDocumentFragment();
      var last = 0;
      var found = false;
      value.replace(pattern, function (match, word, number, at) {
        var href = refs[word.toLowerCase() + " " + number];
        if (!href) {
          return match;
        }
        found = true;
        parts.appendChild(document.createTextNode(value.slice(last, at)));
        var a = document.createElement("a");
        a.className = "vm-xref";
        a.href = href;
        a.textContent = match;
        parts.appendChild(a);
        last = at + match.length;
        return match;
      });
      if (found) {
        parts.appendChild(document.createTextNode(value.slice(last)));
        text.parentNode.replaceChild(parts, text);
      }
    });
  }
  window.VMRefs = { link: link };
})();

/* Wide tables: a table wider than its box scrolls sideways under its fixed first column
   (site.css); a hint above it says so, and disappears when the table fits (a wider
   window, or a table a page script rewrites smaller). */
(function () {
  "use strict";
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".vm-table-scroll"));
  if (boxes.length === 0) {
    return;
  }
  function check(box) {
    var over = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("vm-overflows", over);
    var hint = box.previousElementSibling;
    if (!hint || !hint.classList.contains("vm-scroll-hint")) {
      if (!over) {
        return;
      }
      hint = document.createElement("p");
      hint.className = "vm-scroll-hint";
      hint.textContent = "Schuif de tabel opzij voor alle kolommen \u2192";
      box.parentNode.insertBefore(hint, box);
    }
    hint.hidden = !over;
  }
  function all() {
    boxes.forEach(check);
  }
  if (typeof window.ResizeObserver === "function") {
    var observer = new window.ResizeObserver(all);
    boxes.forEach(function (box) {
      observer.observe(box);
      var table = box.querySelector("table");
      if (table) {
        observer.observe(table);
      }
    });
  } else {
    window.addEventListener("resize", all);
  }
  all();
})();
