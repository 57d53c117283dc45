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

function options(width, height, colours, onDraw = () => {}) {
  const dots = (fill) => ({ show: true, size: 7, width: 1.5, stroke: fill, fill });
  const axis = { stroke: colours.text, grid: { stroke: colours.grid, width: 1 }, ticks: { stroke: colours.grid } };
  return {
    width,
    height,
    legend: { show: false },
    hooks: { draw: [onDraw] },
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
  // Time until uPlot has painted the canvas (it paints after the constructor returns).
  const drawn = () => {
    element.dataset.drawMs ??= (performance.now() - started).toFixed(1);
  };
  delete element.dataset.drawMs;
  let chart = new window.uPlot(options(size(), height, palette(), drawn), columns, element);
  element.chart = chart;
  element.dataset.points = String(chart.data[0].length);
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

function cell(text, tag = 'td') {
  const element = document.createElement(tag);
  element.textContent = text;
  return element;
}

// The chart's numbers as table rows, oldest first, built from the very data the chart drew.
export function fillTable(table, data) {
  const when = new Intl.DateTimeFormat(undefined, {
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
  });
  const rows = data.x.map((seconds, i) => {
    const row = document.createElement('tr');
    const time = document.createElement('time');
    time.dateTime = new Date(seconds * 1000).toISOString();
    time.textContent = when.format(seconds * 1000);
    const first = cell('');
    first.append(time);
    row.append(
      first,
      cell(data.routines[data.routine[i]]),
      cell(String(data.before[i])),
      cell(data.after[i] === null ? '–' : String(data.after[i])),
      cell(data.average[i].toFixed(1)),
    );
    return row;
  });
  table.tBodies[0].replaceChildren(...rows);
}

// Fill the table the first time its <details> opens.
export function tableOnOpen(details, element) {
  details.addEventListener('toggle', () => {
    if (!details.open || details.dataset.filled) return;
    fillTable(details.querySelector('table'), JSON.parse(document.getElementById(element.dataset.source).textContent));
    details.dataset.filled = 'true';
  });
}
