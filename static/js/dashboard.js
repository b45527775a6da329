// Draws the dashboard's chart from the figures the page also shows as a table.
(function () {
  "use strict";
  var canvas = document.getElementById("dashboard-chart");
  var data = document.getElementById("dashboard-chart-data");
  var labels = document.getElementById("dashboard-chart-labels");
  if (!canvas || !data || !labels || typeof Chart === "undefined") {
    return;
  }
  var points = JSON.parse(data.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: points.map(function (p) { return p.label; }),
      datasets: [
        {
          label: labels.dataset.reported,
          data: points.map(function (p) { return p.reported; }),
          backgroundColor: "#0d6efd",
        },
        {
          label: labels.dataset.accepted,
          data: points.map(function (p) { return p.accepted; }),
          backgroundColor: "#198754",
        },
      ],
    },
    options: {
      responsive: true,
      scales: { y: { beginAtZero: true, max: 100 } },
    },
  });
})();
