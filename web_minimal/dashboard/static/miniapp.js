// The Mini App entry: hand Telegram's signed launch data to /app/session, then go in.
// Telegram passes it in the URL fragment (#tgWebAppData=…) and, when its script is loaded,
// as Telegram.WebApp.initData. Nothing here runs inline: the CSP allows only nonce'd files.
(function () {
  "use strict";
  var box = document.getElementById("miniapp");
  if (!box) return;

  function launchData() {
    var tg = window.Telegram && window.Telegram.WebApp;
    if (tg && tg.initData) return tg.initData;
    var hash = window.location.hash.replace(/^#/, "");
    if (!hash) return "";
    // URLSearchParams decodes the value once: what remains is initData as Telegram signed it.
    return new URLSearchParams(hash).get("tgWebAppData") || "";
  }

  function show(id) {
    document.getElementById("miniapp-wait").hidden = true;
    document.getElementById(id).hidden = false;
  }

  var data = launchData();
  if (!data) { show("miniapp-refused"); return; }
  var body = new URLSearchParams();
  body.set("init_data", data);
  // Where the button meant to land (e.g. a bot's page); the server accepts only its own pages.
  var wanted = new URLSearchParams(window.location.search).get("next");
  if (wanted) body.set("next", wanted);
  fetch("/app/session", { method: "POST", body: body, credentials: "same-origin" })
    .then(function (response) { return response.json().catch(function () { return {}; }); })
    .then(function (answer) {
      if (answer && answer.ok) {
        // Only a path on this site: never "//elsewhere" or a full URL.
        var next = typeof answer.next === "string" && /^\/(?!\/)/.test(answer.next) ? answer.next : box.dataset.next;
        window.location.replace(next);
      } else {
        show(answer && answer.reason === "dashboard_no_account" ? "miniapp-unknown" : "miniapp-refused");
      }
    })
    .catch(function () { show("miniapp-refused"); });
})();
