// The order the site tables sort by, one for both scripts that sort their rows: sort.js
// (the rows on the page) and filters.js (the rows of a big index, which it writes itself)
// must agree, or a column sorted before and after "Show more" would disagree. Loaded,
// deferred, before them (deferred scripts run in the order of the page).
(function () {
  "use strict";
  var RED_LIST = { EX: 0, EW: 1, CR: 2, EN: 3, VU: 4, NT: 5, LC: 6, DD: 7, NE: 8 };
  // Text in the page's language's alphabetical order (accents with their letter, each
  // script as its readers sort it), not by character codes.
  var collator = new Intl.Collator(document.documentElement.lang || undefined,
                                   { sensitivity: "base" });
  window.azeOrder = {
    compare: function (x, y) {
      return typeof x === "string" ? collator.compare(x, y) : x < y ? -1 : x > y ? 1 : 0;
    },
    // A Red List category's place, most threatened first (99: none or not known)
    status: function (code) {
      return RED_LIST[code] !== undefined ? RED_LIST[code] : 99;
    }
  };
})();
