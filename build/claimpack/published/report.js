(function () {
  "use strict";
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.card"));
  var form = document.getElementById("filters");

  function checked(name) {
    var values = {};
    form.querySelectorAll('input[name="' + name + '"]').forEach(function (box) {
      if (box.checked) { values[box.value] = true; }
    });
    return values;
  }

  function filter() {
    var severity = checked("severity"), kind = checked("kind"), source = checked("source");
    var shown = 0;
    cards.forEach(function (card) {
      var show = severity[card.dataset.severity] && kind[card.dataset.kind] &&
        card.dataset.sources.split(" ").some(function (id) { return source[id]; });
      card.hidden = !show;
      var entry = document.querySelector('.contents li[data-for="' + card.id + '"]');
      if (entry) { entry.classList.toggle("filtered-out", !show); }
      if (show) { shown += 1; }
    });
    document.getElementById("filter-status").textContent =
      "Showing " + shown + " of " + cards.length + " disagreements";
    document.getElementById("none-shown").hidden = shown > 0;
  }

  if (form) {
    form.hidden = false;
    if (window.matchMedia && window.matchMedia("(min-width: 48rem)").matches) {
      document.getElementById("filter-box").open = true;
    }
    form.addEventListener("change", filter);
    form.addEventListener("reset", function () { window.setTimeout(filter, 0); });
    filter();
  }

  // Following a link to a statement opens its list and marks every statement of the passage.
  function reveal(id) {
    var target = id && document.getElementById(id);
    if (!target) { return; }
    for (var node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
    if (target.closest("article.card[hidden]") && form) {
      form.reset();
      filter();
    }
    if (target.classList.contains("statement")) {
      target.focus({preventScroll: true});  // screen readers read the statement followed to
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (!link) { return; }
    document.querySelectorAll(".hit").forEach(function (node) { node.classList.remove("hit"); });
    var ids = (link.dataset.statements || "").split(" ").filter(Boolean);
    ids.forEach(function (id) {
      var item = document.getElementById(id);
      if (item) { item.classList.add("hit"); }
    });
    reveal(decodeURIComponent(link.getAttribute("href").slice(1)));
  });

  window.addEventListener("hashchange", function () {
    reveal(decodeURIComponent(window.location.hash.slice(1)));
  });
  if (window.location.hash) { reveal(decodeURIComponent(window.location.hash.slice(1))); }

  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (node) { node.open = true; });
  });
})();
