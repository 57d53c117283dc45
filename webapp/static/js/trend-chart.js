// The pain-trend chart. uPlot (self-hosted from npm, loaded as a deferred classic script before
// this module) draws the numbers the server embedded beside the chart; the table under the chart
// holds the same numbers for screen readers and for anyone who prefers them.

const HEIGHT = 220;

function palette() {
  const style = getComputedStyle(document.documentElement);
  const read = (name) => style.getPropertyValue(name).trim();
  return {
    text: read('--muted'),
    grid: read('--border'),
    before: read('--chart-before'),
    after: read('--chart-after'),
    average: read('--chart-average'),
  };
}

function options(width, height, colours) {
  const dots = (fill) => ({ show: true, size: 7, width: 1.5, stroke: fill, fill });
  const axis = { stroke: colours.text, grid: { stroke: colours.grid, width: 1 }, ticks: { stroke: colours.grid } };
  return {
    width,
    height,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: true }, y: { range: [0, 10] } },
    axes: [axis, { ...axis, splits: () => [0, 2, 4, 6, 8, 10], size: 32 }],
    series: [
      {},
      { label: 'Pain before', paths: () => null, points: dots(colours.before) },
      { label: 'Pain after', paths: () => null, points: dots(colours.after) },
      { label: '7-day average', stroke: colours.average, width: 2.5, points: { show: false } },
    ],
  };
}

// Draw the chart into its element; returns the uPlot instance (null when uPlot is missing).
export function drawTrend(element, { width, height = HEIGHT } = {}) {
  if (!window.uPlot) return null;
  const data = JSON.parse(document.getElementById(element.dataset.source).textContent);
  const columns = [data.x, data.before, data.after, data.average];
  const started = performance.now();
  element.replaceChildren();
  const size = () => Math.max(240, Math.floor(width ?? element.clientWidth));
  let chart = new window.uPlot(options(size(), height, palette()), columns, element);
  element.chart = chart;
  element.dataset.points = String(chart.data[0].length);
  element.dataset.drawMs = (performance.now() - started).toFixed(1);
  if (width === undefined) {
    new ResizeObserver(() => {
      if (size() !== chart.width) chart.setSize({ width: size(), height });
    }).observe(element);
  }
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    chart.destroy();
    chart = new window.uPlot(options(size(), height, palette()), columns, element);
    element.chart = chart;
  });
  return chart;
}
