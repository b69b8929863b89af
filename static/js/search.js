// The search page: Pagefind's default UI over the index that `aze-site build` writes into
// /pagefind/. The header's search form sends ?q=...; the query is kept in the address as
// the visitor types, so a search can be shared. Without JavaScript the page lists the
// index pages instead. What it says is in the page's language: the page gives its messages
// (templates/base.html, #ui-text), English where it gives none; Pagefind's own interface
// follows the page's lang.
(function () {
  "use strict";
  var root = document.getElementById("search");
  var fallback = document.getElementById("search-fallback");
  var note = document.getElementById("search-needs-js");
  if (!root) return;
  var text = {};
  try {
    text = JSON.parse(document.getElementById("ui-text").textContent).text || {};
  } catch (e) { /* no messages: English */ }
  if (typeof window.PagefindUI !== "function") {
    note.innerHTML = text.unavailable ||  // markup of the template's, like the page's own
      "<strong>Search is not available</strong> in this copy of the website " +
      "(it was built without its search index). Everything is also listed on these pages:";
    fallback.classList.add("is-shown");
    return;
  }
  fallback.hidden = true;
  var ui = new window.PagefindUI({
    element: "#search", showSubResults: true, showImages: false, autofocus: true,
    baseUrl: root.getAttribute("data-base") || "/",
    translations: { placeholder: text.placeholder || "Search sites, species, countries and pages" }
  });
  // Pagefind names its field by a title only: a label is what assistive technology reads
  var field = root.querySelector(".pagefind-ui__search-input");
  if (field) field.setAttribute("aria-label", text.placeholder || "Search sites, species, countries and pages");
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
  root.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(".pagefind-ui__search-input")) return;
    var params = new URLSearchParams(window.location.search);
    if (input.value) params.set("q", input.value); else params.delete("q");
    var search = params.toString();
    history.replaceState(history.state, "", window.location.pathname + (search ? "?" + search : ""));
  });
})();
