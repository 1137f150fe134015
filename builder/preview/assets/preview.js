// The preview's bar: which version to show, and a fresh page each time the course is saved (pushed by the
// server as a server-sent event), at the same place in the text.
(function () {
  "use strict";
  var frame = document.getElementById("course");
  var status = document.getElementById("status");
  var generation = Number(status.getAttribute("data-generation"));
  var keep = null;  // the scroll position to come back to after a reload

  function value(id) {
    var element = document.getElementById(id);
    return element ? element.value : "";
  }

  function choice() {
    var query = "edition=" + encodeURIComponent(value("edition")) + "&lang=" + encodeURIComponent(value("lang"));
    if (document.getElementById("scheme")) {
      query += "&scheme=" + encodeURIComponent(value("scheme"));
    }
    return query;
  }

  function show() {
    frame.src = "/page?" + choice() + "&g=" + generation;
  }

  function textSize() {
    var page = frame.contentDocument;
    if (page && page.documentElement) {
      page.documentElement.style.fontSize = value("size") + "%";
    }
  }

  frame.addEventListener("load", function () {
    textSize();
    if (keep !== null && frame.contentWindow) {
      frame.contentWindow.scrollTo(0, keep);
    }
    keep = null;
    var page = frame.contentDocument;
    frame.setAttribute("data-generation", String(generation));
    if (page && page.body) {
      page.body.setAttribute("data-generation", String(generation));
    }
  });

  ["edition", "lang", "scheme"].forEach(function (id) {
    var element = document.getElementById(id);
    if (element) {
      element.addEventListener("change", show);
    }
  });
  document.getElementById("size").addEventListener("change", textSize);
  document.getElementById("phone").addEventListener("change", function (event) {
    document.body.classList.toggle("phone", event.target.checked);
  });

  // The module on view: the last module section whose top is above the middle of the frame.
  function moduleOnView() {
    var page = frame.contentDocument;
    if (!page) {
      return "";
    }
    var found = "";
    var sections = page.querySelectorAll("main > section[aria-labelledby^='module-']");
    for (var i = 0; i < sections.length; i += 1) {
      if (sections[i].getBoundingClientRect().top < frame.clientHeight / 2 || !found) {
        found = sections[i].getAttribute("aria-labelledby").replace(/^module-/, "");
      }
    }
    return found;
  }

  Array.prototype.forEach.call(document.querySelectorAll(".make-link"), function (link) {
    link.addEventListener("click", function () {
      link.href = "/make/" + link.getAttribute("data-format") + "?" + choice() + "&module=" +
        encodeURIComponent(moduleOnView());
    });
  });

  var events = new EventSource("/events");
  events.addEventListener("reload", function (event) {
    generation = Number(event.data);
    keep = frame.contentWindow ? frame.contentWindow.scrollY : null;
    show();
    status.textContent = "Updated from your saved files at " + new Date().toLocaleTimeString() + ".";
  });

  show();
}());
