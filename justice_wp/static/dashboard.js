// Draws the dashboard charts from the JSON the view embeds; a click on a bar or slice opens the
// filtered admin list behind it.
(function () {
  "use strict";
  var palette = ["#2f5496", "#c55a11", "#548235", "#7030a0", "#bf9000", "#1f7f8c", "#a5a5a5", "#843c0c", "#264478", "#9e480e"];
  var data = JSON.parse(document.getElementById("dashboard-charts").textContent);
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var spec = data[canvas.dataset.chart];
    if (!spec || !window.Chart) { return; }
    var type = canvas.dataset.type || "bar";
    new window.Chart(canvas, {
      type: type,
      data: {
        labels: spec.labels,
        datasets: [{ data: spec.values, backgroundColor: type === "bar" ? palette[0] : palette }]
      },
      options: {
        indexAxis: canvas.dataset.horizontal ? "y" : "x",
        plugins: { legend: { display: type !== "bar", position: "right" } },
        scales: type === "bar" ? { x: { ticks: { precision: 0 } }, y: { ticks: { precision: 0 } } } : {},
        onClick: function (event, elements) {
          if (elements.length) { window.location.href = spec.links[elements[0].index]; }
        },
        onHover: function (event, elements) {
          event.native.target.style.cursor = elements.length ? "pointer" : "default";
        }
      }
    });
  });
})();
