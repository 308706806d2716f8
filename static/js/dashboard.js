// The managers' dashboard (templates/reports/dashboard.html): draws each chart from its JSON
// island with Chart.js (static/vendor/chartjs), right to left in Arabic, numbers written for
// the page's language; the filters' dates follow the preset chosen.
(function () {
  "use strict";

  const PALETTE = ["#0b5c8c", "#e07b00", "#2e8b57", "#b03a48", "#6a4c93", "#8c6d1f",
                   "#1f9bb4", "#5a6472"];
  const BASELINE_COLOUR = "#8a1c1c";

  const holder = document.querySelector(".report-charts");
  const rtl = document.documentElement.dir === "rtl";

  function followPreset() {
    const period = document.getElementById("id_period");
    const dates = [document.getElementById("id_start"), document.getElementById("id_end")];
    if (!period || dates.includes(null)) return;
    // Typing a date means the dates chosen; choosing a preset forgets the dates typed.
    dates.forEach((input) => input.addEventListener("change", () => { period.value = "custom"; }));
    period.addEventListener("change", () => {
      if (period.value !== "custom") dates.forEach((input) => { input.value = ""; });
    });
  }

  function numberFormat(locale, grouping) {
    const format = new Intl.NumberFormat(locale, {maximumFractionDigits: 1,
                                                  useGrouping: grouping});
    return (value) => (value === null || value === undefined ? "–" : format.format(value));
  }

  // Longer labels are cut on the axis; the tooltip and the table give them whole.
  const LABEL_MAX = 40;
  const isStacked = (data) => data.kind.startsWith("stacked-");
  const isHorizontal = (data) => data.kind.endsWith("horizontal-bar");

  function datasets(data) {
    const stacked = isStacked(data);
    const sets = data.series.map((series, index) => {
      const colour = PALETTE[index % PALETTE.length];
      return {
        label: series.label, data: series.values, backgroundColor: colour,
        borderColor: colour, borderWidth: data.kind === "line" ? 2 : 0,
        pointRadius: data.kind === "line" && data.labels.length > 40 ? 0 : 3,
        pointStyle: data.kind === "line" ? "circle" : "rect",
        spanGaps: false, tension: 0.2, stack: stacked ? "values" : undefined,
      };
    });
    if (data.baseline) {
      sets.push({
        type: "line", label: data.baseline.label,
        data: data.labels.map(() => data.baseline.value),
        borderColor: BASELINE_COLOUR, backgroundColor: BASELINE_COLOUR, borderDash: [6, 4],
        borderWidth: 2, pointRadius: 0, pointHoverRadius: 0, fill: false, stack: "baseline",
        pointStyle: "line",
      });
    }
    return sets;
  }

  function options(data, format) {
    const horizontal = isHorizontal(data);
    const stacked = isStacked(data);
    const unit = data.unit ? ` ${data.unit}` : "";
    const valueAxis = {
      beginAtZero: true, stacked,
      // Shares stacked add up to 100 %.
      max: stacked && data.unit === "%" ? 100 : undefined,
      title: {display: Boolean(data.unit), text: data.unit},
      ticks: {callback: (value) => format(value)},
    };
    // In Arabic the labels run right to left: time flows from the right, the first
    // category stands on the right, horizontal bars grow leftwards.
    // Labels stay level (easier to read, in Arabic too): some are skipped when crowded.
    // Bars lying down show every label (their box grows with them), cut when long.
    // Over time, the first and last labels stand inside the chart, so that a long one
    // ("1–4 déc. 2026") is not cut at the edge.
    const labelAxis = {stacked, offset: true, reverse: rtl && !horizontal,
                       ticks: {autoSkip: !horizontal, autoSkipPadding: 12, maxRotation: 0,
                               align: data.axis && !horizontal ? "inner" : "center"}};
    if (horizontal) {
      labelAxis.ticks.callback = function shortLabel(value) {
        const label = String(this.getLabelForValue(value));
        return label.length > LABEL_MAX ? `${label.slice(0, LABEL_MAX - 1)}…` : label;
      };
    }
    if (horizontal) valueAxis.reverse = rtl;
    const scales = horizontal
      ? {x: valueAxis, y: {...labelAxis, position: rtl ? "right" : "left"}}
      : {x: labelAxis, y: {...valueAxis, position: rtl ? "right" : "left"}};
    return {
      indexAxis: horizontal ? "y" : "x",
      responsive: true, maintainAspectRatio: false, animation: false,
      devicePixelRatio: Math.max(window.devicePixelRatio || 1, 2),
      locale: holder.dataset.locale,
      interaction: {mode: "index", intersect: false},
      scales,
      plugins: {
        legend: {position: "bottom", rtl, textDirection: rtl ? "rtl" : "ltr",
                 labels: {usePointStyle: true, boxHeight: 9},
                 display: data.series.length > 1 || Boolean(data.baseline)},
        tooltip: {
          rtl, textDirection: rtl ? "rtl" : "ltr",
          callbacks: {
            label: (item) => {
              const value = horizontal ? item.parsed.x : item.parsed.y;
              return `${item.dataset.label} : ${format(value)}${unit}`;
            },
          },
        },
      },
    };
  }

  function draw() {
    if (!holder || typeof window.Chart === "undefined") return [];
    const font = window.getComputedStyle(document.body).fontFamily;
    window.Chart.defaults.font.family = font;
    window.Chart.defaults.color = "#1b2430";
    const format = numberFormat(holder.dataset.locale, holder.dataset.grouping === "true");
    return Array.from(holder.querySelectorAll("canvas[data-chart]")).map((canvas) => {
      const data = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
      const type = data.kind === "line" ? "line" : "bar";
      if (isHorizontal(data)) {  // a row of bars per label: the box grows with the labels
        const bars = isStacked(data) ? 1 : data.series.length;
        const height = Math.max(320, data.labels.length * (16 + 10 * bars) + 90);
        canvas.parentElement.style.blockSize = `${height}px`;
        canvas.parentElement.classList.add("report-canvas-tall");
      }
      return new window.Chart(canvas, {type, data: {labels: data.labels,
                                                    datasets: datasets(data)},
                                       options: options(data, format)});
    });
  }

  followPreset();
  const charts = draw();
  // Printed, each chart is redrawn at the paper's width, then back.
  const resizeAll = () => charts.forEach((chart) => chart.resize());
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
  document.documentElement.dataset.chartsDrawn = String(charts.length);
})();
