// The bot page's charts (uPlot) and its open trades' live figures.
// Data comes from <script type="application/json" id="bot-charts"> (never executed) and
// from two JSON endpoints; texts arrive translated, so nothing here is language-specific.
(function () {
  "use strict";
  var holder = document.getElementById("bot-charts");
  if (!holder || !window.uPlot) return;
  var data = JSON.parse(holder.textContent);
  // The chat's PNG chart colours (ai_strategies/charts).
  var C = { ink: "#1B1F24", muted: "#57606A", grid: "#D8DEE4", line: "#0B5CAD", up: "#1A7F37",
            down: "#CF222E", rising: "#26A69A", falling: "#EF5350", win: "#F28C28", loss: "#B31D28" };
  var HEIGHT = 240;

  var money = (function () {
    var idr = data.currency === "IDR";
    var f = new Intl.NumberFormat(data.lang, { minimumFractionDigits: idr ? 0 : 2, maximumFractionDigits: idr ? 0 : 2 });
    return function (v) {
      if (v == null) return "—";
      var text = f.format(Math.abs(v));
      var sign = v < 0 ? "-" : v > 0 ? "+" : "";
      return idr ? sign + "Rp " + text : sign + text + " " + data.currency;
    };
  })();
  var priceFmt = new Intl.NumberFormat(data.lang, { maximumSignificantDigits: 8 });
  var priceTick = new Intl.NumberFormat(data.lang, { maximumSignificantDigits: 6 });
  // Axis ticks: short numbers (the currency is in the legend), 1,2 rb / 1.2k style when large.
  var tickFmt = new Intl.NumberFormat(data.lang, { notation: "compact", maximumFractionDigits: 2 });
  function ticks(u, splits) { return splits.map(function (v) { return v == null ? "" : tickFmt.format(v); }); }
  var whenFmt = new Intl.DateTimeFormat(data.lang, { timeZone: data.tz, day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  var dayFmt = new Intl.DateTimeFormat(data.lang, { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" });
  var shortDay = new Intl.DateTimeFormat(data.lang, { timeZone: data.tz, day: "numeric", month: "short" });
  var shortTime = new Intl.DateTimeFormat(data.lang, { timeZone: data.tz, hour: "2-digit", minute: "2-digit" });

  function widthOf(el) { return Math.max(260, Math.floor(el.clientWidth)); }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }
  function note(el, text) { clear(el); var p = document.createElement("p"); p.className = "chart-empty"; p.textContent = text; el.appendChild(p); }

  function axes(xValues, yValues) {
    var common = { stroke: C.muted, grid: { stroke: C.grid, width: 1 }, ticks: { stroke: C.grid } };
    // The y axis is as wide as its longest label (about 7 px a character at uPlot's font).
    var size = function (u, values) {
      var longest = (values || []).reduce(function (n, v) { return Math.max(n, String(v).length); }, 0);
      return Math.max(36, Math.ceil(longest * 7.2) + 18);
    };
    return [Object.assign({ values: xValues }, common), Object.assign({ values: yValues, size: size }, common)];
  }
  function timeTicks(u, splits) {
    var span = splits.length > 1 ? splits[splits.length - 1] - splits[0] : 0;
    return splits.map(function (s) { return (span < 2 * 86400 ? shortTime : shortDay).format(new Date(s * 1000)); });
  }
  function keepSized(el, plot) {
    if (!window.ResizeObserver) return;
    new ResizeObserver(function () { plot.setSize({ width: widthOf(el), height: HEIGHT }); }).observe(el);
  }

  // Fill above zero green and below zero red, as the PNG profit chart does.
  function zeroFill(u) {
    var top = u.bbox && u.bbox.top, height = u.bbox && u.bbox.height;
    // Before the first layout uPlot has no box yet: a flat tint until it has one.
    if (!isFinite(top) || !isFinite(height) || height <= 0) return "rgba(11,92,173,0.08)";
    var zero = Math.min(Math.max(u.valToPos(0, "y", true), top), top + height);
    var at = height > 0 ? (zero - top) / height : 0;
    var g = u.ctx.createLinearGradient(0, top, 0, top + height);
    g.addColorStop(0, "rgba(26,127,55,0.18)"); g.addColorStop(at, "rgba(26,127,55,0.18)");
    g.addColorStop(at, "rgba(207,34,46,0.18)"); g.addColorStop(1, "rgba(207,34,46,0.18)");
    return g;
  }

  function curveChart() {
    var el = document.getElementById("chart-curve");
    if (!data.curve.x.length) return;
    clear(el);
    var xs = [data.curve.x[0] - 3600].concat(data.curve.x), ys = [0].concat(data.curve.y);
    var plot = new uPlot({
      width: widthOf(el), height: HEIGHT,
      scales: { x: { time: true } },
      axes: axes(timeTicks, ticks),
      series: [
        { label: data.labels.time, value: function (u, v) { return v == null ? "—" : whenFmt.format(new Date(v * 1000)); } },
        { label: data.labels.profit, stroke: C.line, width: 2, fill: zeroFill, value: function (u, v) { return money(v); } }
      ]
    }, [xs, ys], el);
    keepSized(el, plot);
    document.addEventListener("toggle-change", function (event) {
      if (event.detail.name !== "curve") return;
      var max = xs[xs.length - 1];
      var min = event.detail.value === "all" ? xs[0] : max - Number(event.detail.value) * 86400;
      plot.setScale("x", { min: Math.min(min, max - 3600), max: max });
    });
  }

  function barsChart() {
    var el = document.getElementById("chart-bars");
    if (!data.curve.x.length) return;
    var plot = null;
    function draw(unit) {
      var series = data.bars[unit];
      clear(el);
      if (plot) plot.destroy();
      var colours = series.y.map(function (v) { return v >= 0 ? C.up : C.down; });
      plot = new uPlot({
        width: widthOf(el), height: HEIGHT,
        scales: { x: { time: false, range: function (u, lo, hi) { return [lo - 0.6, hi + 0.6]; } },
                  y: { range: function (u, lo, hi) { return [Math.min(0, lo) * 1.1, Math.max(0, hi) * 1.1 || 1]; } } },
        axes: axes(function (u, splits) {
          return splits.map(function (i) { var x = series.x[Math.round(i)]; return Number.isInteger(i) && x != null ? shortDay.format(new Date(x * 1000)).replace(/,.*/, "") : ""; });
        }, ticks),
        series: [
          { label: data.labels[unit], value: function (u, i) { var x = series.x[i]; return x == null ? "—" : dayFmt.format(new Date(x * 1000)); } },
          { label: data.labels.bar, fill: C.up, stroke: C.up, width: 0,
            paths: uPlot.paths.bars({ size: [0.7, 48], disp: { fill: { unit: 3, values: function () { return colours; } },
                                                           stroke: { unit: 3, values: function () { return colours; } } } }),
            points: { show: false }, value: function (u, v) { return money(v); } }
        ]
      }, [series.x.map(function (_, i) { return i; }), series.y], el);
    }
    draw("day");
    keepSized(el, { setSize: function (s) { if (plot) plot.setSize(s); } });
    document.addEventListener("toggle-change", function (event) {
      if (event.detail.name === "bars") draw(event.detail.value);
    });
  }

  // Candles are drawn by hand on uPlot's canvas; the close series carries hover values.
  function candlePlugin(chart) {
    return { hooks: { draw: function (u) {
      var ctx = u.ctx, xs = chart.x, n = xs.length;
      var step = n > 1 ? (u.valToPos(xs[1], "x", true) - u.valToPos(xs[0], "x", true)) : 8;
      var body = Math.max(1, Math.min(14, step * 0.6));
      ctx.save();
      for (var i = 0; i < n; i++) {
        if (xs[i] < u.scales.x.min || xs[i] > u.scales.x.max) continue;
        var cx = Math.round(u.valToPos(xs[i], "x", true));
        var o = u.valToPos(chart.open[i], "y", true), c = u.valToPos(chart.close[i], "y", true);
        var h = u.valToPos(chart.high[i], "y", true), l = u.valToPos(chart.low[i], "y", true);
        var colour = chart.close[i] >= chart.open[i] ? C.rising : C.falling;
        ctx.strokeStyle = colour; ctx.fillStyle = colour; ctx.lineWidth = 1;
        ctx.beginPath(); ctx.moveTo(cx + 0.5, h); ctx.lineTo(cx + 0.5, l); ctx.stroke();
        ctx.fillRect(cx - body / 2, Math.min(o, c), body, Math.max(1, Math.abs(c - o)));
      }
      ctx.restore();
    } } };
  }

  function priceChart() {
    var el = document.getElementById("chart-price");
    fetch(data.candles, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (chart) {
        if (!chart.x.length) { note(el, data.labels.no_candles); return; }
        clear(el);
        var lo = Math.min.apply(null, chart.low), hi = Math.max.apply(null, chart.high), pad = (hi - lo) * 0.06 || hi * 0.01;
        function marks(label, colour, shape) {
          return { label: label, stroke: colour, fill: colour, width: 0, paths: function () { return null; },
                   points: { show: true, size: 11, width: 2, stroke: shape === "entry" ? "#0B5CAD" : colour, fill: colour },
                   value: function (u, v) { return v == null ? "—" : priceFmt.format(v); } };
        }
        var plot = new uPlot({
          width: widthOf(el), height: HEIGHT + 40,
          plugins: [candlePlugin(chart)],
          scales: { x: { time: true }, y: { range: function () { return [lo - pad, hi + pad]; } } },
          axes: axes(timeTicks, function (u, splits) { return splits.map(function (v) { return priceTick.format(v); }); }),
          series: [
            { label: data.labels.time, value: function (u, v) { return v == null ? "—" : whenFmt.format(new Date(v * 1000)); } },
            { label: data.labels.close, stroke: "rgba(87,96,106,0.35)", width: 1, value: function (u, v) { return v == null ? "—" : priceFmt.format(v); } },
            marks(data.labels.entry, C.up, "entry"),
            marks(data.labels.exit_win, C.win, "exit"),
            marks(data.labels.exit_loss, C.loss, "exit")
          ]
        }, [chart.x, chart.close, chart.entries, chart.wins, chart.losses], el);
        keepSized(el, { setSize: function (s) { plot.setSize({ width: s.width, height: HEIGHT + 40 }); } });
      })
      .catch(function () { note(el, data.labels.no_candles); });
  }

  // Open trades' profit now and stop-loss, from the running bot, refreshed every 15 s.
  function liveFigures() {
    var body = document.querySelector("tbody[data-trades-open]");
    if (!body) return;
    function refresh() {
      if (!body.querySelector("tr[data-trade]") || document.hidden) return;
      fetch(data.live, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (answer) {
          if (!answer || !answer.running) return;
          body.querySelectorAll("tr[data-trade]").forEach(function (row) {
            var figures = answer.trades[row.getAttribute("data-trade")];
            if (!figures) return;
            var profit = row.querySelector("[data-live-profit]"), stop = row.querySelector("[data-live-stop]");
            if (profit) {
              clear(profit);
              profit.appendChild(document.createTextNode(figures.profit));
              profit.appendChild(document.createElement("br"));
              profit.appendChild(document.createTextNode(figures.ratio));
              profit.classList.remove("up", "down");
              if (figures.sign) profit.classList.add(figures.sign);
            }
            if (stop) stop.textContent = figures.stop;
          });
        })
        .catch(function () { /* figures stay as they were; the next refresh tries again */ });
    }
    refresh();
    window.setInterval(refresh, 15000);
  }

  // One chart failing must not take the others (or the live figures) with it.
  [curveChart, barsChart, priceChart, liveFigures].forEach(function (start) {
    try { start(); } catch (error) { if (window.console) console.error(error); }
  });
})();
