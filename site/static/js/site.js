/* The staff site's small behaviours, all progressive: without script every page still works.
   - A document's "About this document" and "Contents" disclosures open beside the text on
     wide screens; on a phone the text comes first and they stay folded.
   - Printing opens them, so paper always carries the document's metadata.
   - After a form round trip (a failed sign-in, an acknowledgement), focus goes to the
     message that says what happened. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  ready(function () {
    var wide = window.matchMedia("(min-width: 60rem)");
    var folds = Array.prototype.slice.call(document.querySelectorAll("details[data-open-wide]"));
    function openWhenWide() {
      folds.forEach(function (fold) {
        if (!fold.hasAttribute("data-touched")) fold.open = wide.matches;
      });
    }
    folds.forEach(function (fold) {
      fold.querySelector("summary").addEventListener("click", function () {
        fold.setAttribute("data-touched", "");
      });
    });
    openWhenWide();
    if (wide.addEventListener) wide.addEventListener("change", openWhenWide);

    var closedBeforePrint = [];
    window.addEventListener("beforeprint", function () {
      closedBeforePrint = folds.filter(function (fold) { return !fold.open; });
      closedBeforePrint.forEach(function (fold) { fold.open = true; });
    });
    window.addEventListener("afterprint", function () {
      closedBeforePrint.forEach(function (fold) { fold.open = false; });
      closedBeforePrint = [];
    });

    var target = document.querySelector("[data-focus-on-load]");
    if (target) {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus();
    }
  });
})();
