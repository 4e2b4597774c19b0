// Draws the dashboard charts from data-* attributes; every figure is also in a table.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.Chart) return;
  const palette = ["#0b5394", "#c9a227", "#1d6b35", "#a61b1b", "#5a6475"];
  for (const canvas of document.querySelectorAll("canvas.chart")) {
    const labels = JSON.parse(canvas.dataset.labels || "[]");
    const series = JSON.parse(canvas.dataset.series || "[]");
    const stacked = canvas.dataset.stacked === "1";
    new window.Chart(canvas, {
      type: canvas.dataset.type || "bar",
      data: { labels, datasets: series.map((s, i) => ({ ...s, backgroundColor: palette[i % palette.length] })) },
      options: {
        responsive: true,
        animation: false,
        plugins: { legend: { display: series.length > 1 } },
        scales: { x: { stacked }, y: { stacked, beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }
});
