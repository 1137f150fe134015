// The preview's bar: which version to show, and a fresh page each time the course is saved (pushed by the
// server as a server-sent event), with the text that was at the top of the window still there.
(function () {
  "use strict";
  var frame = document.getElementById("course");
  var status = document.getElementById("status");
  var generation = Number(status.getAttribute("data-generation"));
  var bar = status.getAttribute("data-bar");
  var keep = null;  // where the reader was: a heading's id and how far below it the window's top was
  var CHOICES = ["edition", "lang", "scheme", "size"];

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

  // The last heading above the top of the window, and the distance from it: found again after a reload
  // whatever was added above it (the advice list, a new paragraph) and in every language.
  function place() {
    var page = frame.contentDocument;
    if (!page || !frame.contentWindow) {
      return null;
    }
    var headings = page.querySelectorAll("main h2[id], main h3[id], main h4[id], main h5[id], main h6[id]");
    var found = null;
    for (var i = 0; i < headings.length; i += 1) {
      if (headings[i].getBoundingClientRect().top <= 1) {
        found = headings[i];
      }
    }
    if (!found) {
      return {id: null, offset: frame.contentWindow.scrollY};
    }
    return {id: found.id, offset: -found.getBoundingClientRect().top};
  }

  function restore(where) {
    var page = frame.contentDocument;
    if (!where || !page || !frame.contentWindow) {
      return;
    }
    var heading = where.id ? page.getElementById(where.id) : null;
    if (heading) {
      frame.contentWindow.scrollTo(0, heading.getBoundingClientRect().top + frame.contentWindow.scrollY +
        where.offset);
    } else {
      frame.contentWindow.scrollTo(0, where.offset);
    }
  }

  function show() {
    keep = place();
    frame.src = "/page?" + choice() + "&g=" + generation;
  }

  function textSize() {
    var page = frame.contentDocument;
    if (page && page.documentElement) {
      page.documentElement.style.fontSize = value("size") + "%";
    }
  }

  // The module on view: the last module section whose top is above the middle of the frame.
  function moduleOnView() {
    var page = frame.contentDocument;
    var found = "";
    var sections = page ? page.querySelectorAll("main > section[aria-labelledby^='module-']") : [];
    for (var i = 0; i < sections.length; i += 1) {
      if (!found || sections[i].getBoundingClientRect().top < frame.clientHeight / 2) {
        found = sections[i].getAttribute("aria-labelledby").replace(/^module-/, "");
      }
    }
    return found;
  }

  // Every "this module as" link always says which module, so it also works opened in a new tab or copied.
  function makeLinks() {
    var module = moduleOnView();
    Array.prototype.forEach.call(document.querySelectorAll(".make-link"), function (link) {
      link.href = "/make/" + link.getAttribute("data-format") + "?" + choice() + "&module=" +
        encodeURIComponent(module);
    });
  }

  function said(page) {
    var time = new Date().toLocaleTimeString();
    if (!page || !page.body) {
      return;
    }
    if (page.body.classList.contains("atb-error-page")) {
      status.textContent = "At " + time + " the course cannot be shown: the page below says why.";
      return;
    }
    var count = Number(page.body.getAttribute("data-advice") || "0");
    status.textContent = "Shown as saved at " + time + ": " + (count === 0 ? "no problems." : count +
      (count === 1 ? " problem, listed" : " problems, listed") + " at the top of the page and beside the text.");
  }

  frame.addEventListener("load", function () {
    textSize();
    restore(keep);
    keep = null;
    var page = frame.contentDocument;
    frame.setAttribute("data-generation", String(generation));
    if (page && page.body) {
      page.body.setAttribute("data-generation", String(generation));
    }
    said(page);
    makeLinks();
    var waiting = false;
    frame.contentWindow.addEventListener("scroll", function () {
      if (!waiting) {
        waiting = true;
        window.requestAnimationFrame(function () { waiting = false; makeLinks(); });
      }
    });
  });

  // The bar's choices survive a reload of the bar itself (when course.toml changes what it offers).
  function remember() {
    var kept = {};
    CHOICES.forEach(function (id) { kept[id] = value(id); });
    kept.phone = document.getElementById("phone").checked;
    window.sessionStorage.setItem("atb-preview", JSON.stringify(kept));
  }

  function recall() {
    var kept = JSON.parse(window.sessionStorage.getItem("atb-preview") || "{}");
    CHOICES.forEach(function (id) {
      var element = document.getElementById(id);
      if (element && kept[id] && element.querySelector("option[value='" + kept[id].replace(/'/g, "") + "']")) {
        element.value = kept[id];
      }
    });
    document.getElementById("phone").checked = Boolean(kept.phone);
    document.body.classList.toggle("phone", Boolean(kept.phone));
  }

  ["edition", "lang", "scheme"].forEach(function (id) {
    var element = document.getElementById(id);
    if (element) {
      element.addEventListener("change", function () { remember(); show(); });
    }
  });
  document.getElementById("size").addEventListener("change", function () { remember(); textSize(); });
  document.getElementById("phone").addEventListener("change", function (event) {
    remember();
    document.body.classList.toggle("phone", event.target.checked);
  });

  var events = new EventSource("/events");
  events.addEventListener("reload", function (event) {
    var news = JSON.parse(event.data);
    generation = news.generation;
    if (news.bar !== bar) {  // course.toml now offers other languages, editions or formats
      remember();
      window.location.reload();
      return;
    }
    show();
  });

  recall();
  show();
}());
