/* Search suggestions as an ARIA 1.2 combobox (list autocomplete): type to see titles,
   references and glossary terms; Up/Down to move, Enter to choose, Escape to close. */
(function () {
  "use strict";
  var form = document.querySelector(".library-search-form");
  if (!form) return;
  var input = form.querySelector("[role=combobox]");
  var listbox = document.getElementById(input.getAttribute("aria-controls"));
  var status = document.getElementById("search-suggestions-status");
  var url = form.getAttribute("data-suggest-url");
  var items = [];
  var active = -1;
  var timer = null;
  var lastQuery = "";

  function close() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function setActive(index) {
    var options = listbox.querySelectorAll("[role=option]");
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(index) {
    var item = items[index];
    if (!item) return;
    if (item.url) {
      window.location.assign(item.url);
    } else {
      input.value = item.query;
      close();
      form.submit();
    }
  }

  function render(suggestions) {
    items = suggestions;
    listbox.textContent = "";
    suggestions.forEach(function (item, i) {
      var option = document.createElement("li");
      option.id = "search-suggestion-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.className = "combobox__option combobox__option--" + item.kind;
      option.textContent = item.label;
      var kind = document.createElement("span");
      kind.className = "combobox__kind";
      kind.textContent = item.kind === "term" ? " (glossary)" : "";
      option.appendChild(kind);
      option.addEventListener("mousedown", function (event) { event.preventDefault(); });
      option.addEventListener("click", function () { choose(i); });
      listbox.appendChild(option);
    });
    if (suggestions.length) {
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = suggestions.length + " suggestion" + (suggestions.length === 1 ? "" : "s") + " available.";
    } else {
      close();
      status.textContent = "";
    }
    active = -1;
  }

  function fetchSuggestions() {
    var query = input.value.trim();
    if (query === lastQuery) return;
    lastQuery = query;
    if (query.length < 2) { render([]); return; }
    fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) { if (data.query === input.value.trim()) render(data.suggestions || []); })
      .catch(function () { render([]); });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 120);
  });
  input.addEventListener("keydown", function (event) {
    var open = !listbox.hidden && items.length > 0;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open) { lastQuery = ""; fetchSuggestions(); return; }
      setActive(active + 1 >= items.length ? 0 : active + 1);
    } else if (event.key === "ArrowUp") {
      if (!open) return;
      event.preventDefault();
      setActive(active - 1 < 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Enter") {
      if (open && active >= 0) { event.preventDefault(); choose(active); }
    } else if (event.key === "Escape") {
      if (open) { event.preventDefault(); close(); } else { input.value = ""; lastQuery = ""; }
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
