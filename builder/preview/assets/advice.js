// Puts each of the checker's warnings beside the element it is about, and lists them all at the top of the
// page with links to each (the server says which element each is about: builder/preview/session.py).
(function () {
  "use strict";
  var data = document.getElementById("atb-advice");
  var advice = data ? JSON.parse(data.textContent) : [];
  if (!advice.length) {
    return;
  }

  function words(item) {
    var box = document.createElement("div");
    box.className = "atb-advice" + (item.level === "error" ? " atb-error" : "");
    box.id = "atb-advice-" + item.number;
    box.setAttribute("role", "note");
    box.setAttribute("lang", "en");
    box.setAttribute("dir", "ltr");
    box.setAttribute("aria-label", "Advice " + item.number);
    var line = document.createElement("p");
    var where = document.createElement("strong");
    where.textContent = (item.level === "error" ? "Error" : "Warning") + " at " + item.where + ": ";
    line.appendChild(where);
    line.appendChild(document.createTextNode(item.message + " "));
    var code = document.createElement("code");
    code.textContent = "[" + item.code + "]";
    line.appendChild(code);
    box.appendChild(line);
    return box;
  }

  var placed = 0;
  advice.forEach(function (item) {
    var target = item.element ? document.getElementById(item.element) : null;
    if (!target) {
      return;
    }
    var box = words(item);
    var inside = ["LI", "DT", "DD", "TD", "TH"].indexOf(target.tagName) >= 0;
    if (target.tagName === "TR") {  // beside the table, not inside its rows
      target = target.closest(".table-scroll") || target.closest("table");
    }
    var group = target.closest(".easy-picture");  // an Easy Read picture's column is too narrow for words
    if (group) {
      target = group.closest(".easy-group");
      inside = false;
    }
    if (inside) {
      target.appendChild(box);
    } else {
      target.insertAdjacentElement("afterend", box);
    }
    item.placed = true;
    placed += 1;
  });

  var list = document.createElement("div");
  list.className = "atb-advice-list";
  list.setAttribute("role", "region");
  list.setAttribute("aria-labelledby", "atb-advice-heading");
  list.setAttribute("lang", "en");
  list.setAttribute("dir", "ltr");
  var heading = document.createElement("h2");
  heading.id = "atb-advice-heading";
  heading.textContent = "Advice from the checker: " + advice.length + (advice.length === 1 ? " problem" : " problems");
  list.appendChild(heading);
  var items = document.createElement("ol");
  advice.forEach(function (item) {
    var entry = document.createElement("li");
    var text = item.where + ": " + item.message + " [" + item.code + "]";
    if (item.placed) {
      var link = document.createElement("a");
      link.href = "#atb-advice-" + item.number;
      link.textContent = text;
      entry.appendChild(link);
    } else {
      entry.textContent = text + (item.elsewhere ? " (in another edition: choose it above to see where)" : "");
    }
    items.appendChild(entry);
  });
  list.appendChild(items);
  var skip = document.querySelector("body > .skip-link");  // the skip link stays the first thing on the page
  document.body.insertBefore(list, skip ? skip.nextSibling : document.body.firstChild);
  document.body.setAttribute("data-advice-placed", String(placed));
  document.body.setAttribute("data-advice", String(advice.length));
}());
