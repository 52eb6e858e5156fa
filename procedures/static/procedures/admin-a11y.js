/* Accessible names in the Wagtail admin where Wagtail leaves them out (checked by axe in
   tests/browser/test_admin_accessibility.py):
   - the text boxes and rich text editors of list blocks (a procedure's steps, a checklist's
     items) get "Steps, item 2" and the like;
   - the editor's minimap list, which scrolls, can be reached by keyboard.
   Blocks are added while the editor is open, so new ones are named as they appear. */
(function () {
  "use strict";
  var FIELDS = "input:not([type=hidden]):not([type=submit]):not([type=button]), textarea, select, [role=textbox]";

  function hasName(el) {
    if (el.getAttribute("aria-label") || el.getAttribute("aria-labelledby")) return true;
    if (el.closest("label")) return true;
    if (el.id && document.querySelector('label[for="' + el.id.replace(/"/g, '\\"') + '"]')) return true;
    return false;
  }

  function listName(child) {
    var list = child.parentElement && child.parentElement.closest("[data-contentpath]");
    var label = list && list.querySelector(":scope > label, :scope > .w-field__label");
    return label ? label.textContent.replace(/\*/g, "").trim() : "Item";
  }

  function nameFor(el) {
    // The table editor's (Handsontable's) hidden clipboard text area.
    if (el.id === "HandsontableCopyPaste") return "Table clipboard";
    var child = el.closest("[data-streamfield-child]");
    if (child) {
      var siblings = Array.prototype.filter.call(child.parentElement.children, function (node) {
        return node.hasAttribute("data-streamfield-child");
      });
      return listName(child) + ", item " + (siblings.indexOf(child) + 1);
    }
    var field = el.closest("[data-field], .w-field");
    var label = field && field.parentElement && field.parentElement.querySelector(".w-field__label");
    return label ? label.textContent.replace(/\*/g, "").trim() : "";
  }

  function nameAll() {
    document.querySelectorAll(FIELDS).forEach(function (el) {
      if (el.hasAttribute("data-a11y-named")) {
        // Items move when blocks are added, removed or reordered: keep the number right.
        var fresh = nameFor(el);
        if (fresh) el.setAttribute("aria-label", fresh);
        return;
      }
      if (hasName(el)) return;
      var name = nameFor(el);
      if (name) {
        el.setAttribute("aria-label", name);
        el.setAttribute("data-a11y-named", "");
      }
    });
    document.querySelectorAll(".w-minimap__list:not([tabindex])").forEach(function (list) {
      list.setAttribute("tabindex", "0");
      if (!list.getAttribute("aria-label")) list.setAttribute("aria-label", "Minimap of the form's sections");
    });
  }

  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; nameAll(); });
  }

  function start() {
    nameAll();
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
