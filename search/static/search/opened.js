// Search insights: when a result is opened, tell the server which query it answered (a
// count per query text; nothing about who). The link itself works without this script.
(function () {
    "use strict";
    document.addEventListener("click", function (event) {
        var link = event.target.closest ? event.target.closest(".search-hits a") : null;
        if (!link || !navigator.sendBeacon) {
            return;
        }
        var list = link.closest(".search-hits");
        var hit = link.closest("[data-document]");
        if (!list || !hit) {
            return;
        }
        var body = new FormData();
        body.append("q", list.dataset.query);
        body.append("d", hit.dataset.document);
        body.append("csrfmiddlewaretoken", list.dataset.csrf);
        navigator.sendBeacon(list.dataset.openUrl, body);
    });
})();
