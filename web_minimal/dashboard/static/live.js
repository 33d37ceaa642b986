// NoFOMO dashboard: live updates over server-sent events (GET /events).
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Runs on pages whose <body> has data-live="1". The server sends three events:
//   bot   {bot_id, state, state_label}   -> [data-bot-state] badges
//   trade {bot_id, trade_id, is_open, open_count, html_open?, html_closed?}
//                                        -> [data-bot-open] counts and trade table rows
//   alert {kind, bot_id, text}           -> a toast in #live-toasts (text only)
// Trade rows are HTML the server rendered from its own escaped templates; they are parsed
// with a <template> element. Nothing else is ever parsed as markup.
(function () {
  "use strict";

  var body = document.body;
  if (!body || body.getAttribute("data-live") !== "1" || !window.EventSource) {
    return;
  }

  var status = document.getElementById("live-status");
  var toasts = document.getElementById("live-toasts");
  var TOAST_MS = 6000;
  var MAX_TOASTS = 4;
  var BASE_DELAY_MS = 3000; // the server's `retry:`; EventSource applies it by itself
  var MAX_DELAY_MS = 60000;
  var source = null;
  var lastId = "";
  var delay = BASE_DELAY_MS;
  var timer = null;
  var quiet = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function showStatus(connected) {
    if (!status) {
      return;
    }
    var text = status.getAttribute(connected ? "data-connected" : "data-reconnecting");
    status.textContent = text || "";
    status.classList.toggle("live-on", connected);
    status.classList.toggle("live-off", !connected);
  }

  function eachMatch(attribute, value, callback) {
    var nodes = document.querySelectorAll("[" + attribute + "]");
    for (var i = 0; i < nodes.length; i += 1) {
      if (nodes[i].getAttribute(attribute) === value) {
        callback(nodes[i]);
      }
    }
  }

  function onBot(data) {
    eachMatch("data-bot-state", String(data.bot_id), function (badge) {
      var stale = [];
      badge.classList.forEach(function (name) {
        if (name.indexOf("state-") === 0) {
          stale.push(name);
        }
      });
      stale.forEach(function (name) { badge.classList.remove(name); });
      badge.classList.add("state-" + String(data.state));
      badge.textContent = String(data.state_label);
    });
  }

  function rowFrom(html) {
    var holder = document.createElement("template");
    holder.innerHTML = String(html); // our own server-rendered, escaped partial
    var row = holder.content.querySelector("tr[data-trade]");
    return row ? document.importNode(row, true) : null;
  }

  function findRow(table, tradeId) {
    var rows = table.querySelectorAll("tr[data-trade]");
    for (var i = 0; i < rows.length; i += 1) {
      if (rows[i].getAttribute("data-trade") === tradeId) {
        return rows[i];
      }
    }
    return null;
  }

  // The "no trades yet" note next to a table ([data-empty-open] / [data-empty-closed]).
  function syncEmpty(table, attribute) {
    var section = table.closest("section") || document;
    var note = section.querySelector("[" + attribute + "]");
    if (note) {
      note.hidden = table.querySelector("tr[data-trade]") !== null;
    }
  }

  function onFirstPage(table) {
    var page = table.getAttribute("data-page") ||
      new URLSearchParams(window.location.search).get("page");
    return !page || page === "1";
  }

  function putRow(table, html, tradeId, atTop) {
    var row = rowFrom(html);
    if (!row) {
      return;
    }
    var old = findRow(table, tradeId);
    if (old) {
      old.replaceWith(row);
      return;
    }
    row.classList.add("live-new");
    if (atTop) {
      table.insertBefore(row, table.firstElementChild);
    } else {
      table.appendChild(row);
    }
  }

  function onTrade(data) {
    var botId = String(data.bot_id);
    var tradeId = String(data.trade_id);
    eachMatch("data-bot-open", botId, function (count) {
      count.textContent = String(data.open_count);
    });
    eachMatch("data-trades-open", botId, function (table) {
      if (data.is_open && data.html_open) {
        putRow(table, data.html_open, tradeId, false); // open trades: oldest first
      } else {
        var gone = findRow(table, tradeId);
        if (gone) {
          gone.remove();
        }
      }
      syncEmpty(table, "data-empty-open");
    });
    if (!data.is_open && data.html_closed) {
      eachMatch("data-trades-closed", botId, function (table) {
        // Closed trades: newest first; only the first page shows the newest ones.
        if (findRow(table, tradeId) || onFirstPage(table)) {
          putRow(table, data.html_closed, tradeId, true);
          syncEmpty(table, "data-empty-closed");
        }
      });
    }
  }

  function fadeAndRemove(toast) {
    if (quiet || !toast.animate) {
      toast.remove();
      return;
    }
    var fade = toast.animate([{ opacity: 1 }, { opacity: 0 }], { duration: 600 });
    fade.onfinish = function () { toast.remove(); };
  }

  function onAlert(data) {
    if (!toasts || !data.text) {
      return;
    }
    var toast = document.createElement("p");
    toast.className = "toast";
    toast.setAttribute("data-kind", String(data.kind));
    toast.textContent = String(data.text);
    toasts.appendChild(toast);
    while (toasts.children.length > MAX_TOASTS) {
      toasts.firstElementChild.remove();
    }
    window.setTimeout(function () { fadeAndRemove(toast); }, TOAST_MS);
  }

  function handler(apply) {
    return function (message) {
      if (message.lastEventId) {
        lastId = message.lastEventId;
      }
      var data;
      try {
        data = JSON.parse(message.data);
      } catch (error) {
        return;
      }
      apply(data);
    };
  }

  function connect() {
    timer = null;
    var url = "/events" + (lastId ? "?last_id=" + encodeURIComponent(lastId) : "");
    source = new EventSource(url);
    source.addEventListener("open", function () {
      delay = BASE_DELAY_MS;
      showStatus(true);
    });
    source.addEventListener("bot", handler(onBot));
    source.addEventListener("trade", handler(onTrade));
    source.addEventListener("alert", handler(onAlert));
    source.addEventListener("error", function () {
      showStatus(false);
      // CONNECTING: the browser retries by itself (after the server's `retry:`), sending
      // Last-Event-ID. CLOSED (a 401 or 503 answer): start again later, with backoff.
      if (source.readyState === EventSource.CLOSED && timer === null) {
        source.close();
        timer = window.setTimeout(connect, delay);
        delay = Math.min(delay * 2, MAX_DELAY_MS);
      }
    });
  }

  window.addEventListener("pagehide", function () {
    if (source) {
      source.close();
    }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && timer === null) {
      connect(); // back from the back-forward cache: resume from the last id seen
    }
  });
  connect();
})();
