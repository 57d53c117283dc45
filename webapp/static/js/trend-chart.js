// The pain-trend chart. uPlot (self-hosted from npm, loaded as a deferred classic script before
// this module) draws the numbers the server embedded beside the chart; the table under the chart
// is built from the same numbers for screen readers and for anyone who prefers them.
// Times are wall-clock readings of the person's own clock, shown as UTC so they read as lived.

const HEIGHT = 220;

// Colours on paper, whatever the screen's colour scheme.
import { gettext, intlLocale } from './i18n.js';
export const PRINT_COLOURS = {
  text: '#333333', grid: '#bbbbbb', surface: '#ffffff',
  before: '#b35c00', after: '#1f5f5b', average: '#6a3d9a', check: '#8a1c5c',
};

function screenColours() {
  const style = getComputedStyle(document.documentElement);
  const read = (name) => style.getPropertyValue(name).trim();
  return {
    text: read('--muted'),
    grid: read('--border'),
    surface: read('--surface'),
    before: read('--chart-before'),
    after: read('--chart-after'),
    average: read('--chart-average'),
    check: read('--chart-check'),
  };
}

const DAY = 24 * 3600;
// Axis dates as the table and the log write them ("25 Oct"), not uPlot's default "10/25".
// Each row: tick spacing (s), label, then the label when the year (or day) changes.
const TIME_LABELS = [
  [365 * DAY, '{YYYY}', null, null, null, null, null, null, 1],
  [28 * DAY, '{MMM}', '\n{YYYY}', null, null, null, null, null, 1],
  [DAY, '{D} {MMM}', '\n{YYYY}', null, null, null, null, null, 1],
  [3600, '{HH}:{mm}', '\n{D} {MMM} {YYYY}', null, '\n{D} {MMM}', null, null, null, 1],
];

function options({ width, height, colours, range, onDraw, underSeries, points }) {
  // Many sessions to a pixel (a year or more): small, see-through dots, so the average shows.
  const dense = points > width / 4;
  const size = dense ? 3 : 7;
  const faint = (colour) => (dense && /^#[0-9a-f]{6}$/i.test(colour) ? `${colour}59` : colour);
  const axis = { stroke: colours.text, grid: { stroke: colours.grid, width: 1 }, ticks: { stroke: colours.grid } };
  return {
    width,
    height,
    tzDate: (seconds) => window.uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
    legend: { show: false },
    cursor: { show: false },
    hooks: { drawAxes: underSeries, draw: [onDraw] },
    scales: { x: { time: true, range: range ? () => range : undefined }, y: { range: [0, 10] } },
    axes: [{ ...axis, values: TIME_LABELS }, { ...axis, splits: () => [0, 2, 4, 6, 8, 10], size: 32 }],
    series: [
      {},
      // Before: filled dots; after: hollow rings, so they differ by shape as well as colour.
      { label: gettext('Pain before'), paths: () => null, points: { show: true, size, width: 1.5, stroke: faint(colours.before), fill: faint(colours.before) } },
      { label: gettext('Pain after'), paths: () => null, points: { show: true, size: size + 1, width: dense ? 1 : 2, stroke: faint(colours.after), fill: dense ? 'transparent' : colours.surface } },
      { label: '7-day average', stroke: colours.average, width: 2.5, points: { show: false }, spanGaps: true },
    ],
  };
}

// Pain checks as diamonds, apart from the sessions' dots and rings (shape as well as colour).
function drawChecks(u, data, colour) {
  const { ctx } = u;
  const size = 6 * (window.devicePixelRatio || 1);
  ctx.save();
  ctx.fillStyle = colour;
  (data.check ?? []).forEach((pain, i) => {
    if (pain === null) return;
    const x = u.valToPos(data.x[i], 'x', true);
    const y = u.valToPos(pain, 'y', true);
    ctx.beginPath();
    ctx.moveTo(x, y - size);
    ctx.lineTo(x + size, y);
    ctx.lineTo(x, y + size);
    ctx.lineTo(x - size, y);
    ctx.closePath();
    ctx.fill();
  });
  ctx.restore();
}

// A bucket's spread of pain before, lowest to highest, as a faint bar under its dot: a flare
// shows without its highest standing in for the bucket (the dot and ring are both means).
function drawSpreads(u, data, colour) {
  const { ctx } = u;
  ctx.save();
  ctx.strokeStyle = colour;
  ctx.globalAlpha = 0.2;
  ctx.lineWidth = (window.devicePixelRatio || 1);
  ctx.beginPath();
  data.x.forEach((seconds, i) => {
    if (data.high[i] === null) return;
    const x = u.valToPos(seconds, 'x', true);
    ctx.moveTo(x, u.valToPos(data.low[i], 'y', true));
    ctx.lineTo(x, u.valToPos(data.high[i], 'y', true));
  });
  ctx.stroke();
  ctx.restore();
}

function readData(element) {
  return JSON.parse(document.getElementById(element.dataset.source).textContent);
}

// Draw the chart into its element (replacing any earlier one); null when uPlot is missing.
// The element keeps the instance (element.chart), the number of points drawn (data-points) and
// the milliseconds until uPlot painted the canvas (data-draw-ms).
export function drawTrend(element, { width, height = HEIGHT, colours } = {}) {
  if (!window.uPlot) return null;
  const data = readData(element);
  const started = performance.now();
  element.chart?.destroy();
  element.replaceChildren();
  delete element.dataset.drawMs;
  const drawColours = colours ?? screenColours();
  const onDraw = (u) => {
    drawChecks(u, data, drawColours.check || PRINT_COLOURS.check);
    element.dataset.drawMs ??= (performance.now() - started).toFixed(1);
  };
  const size = Math.max(240, Math.floor(width ?? element.clientWidth));
  const underSeries = data.bucket ? [(u) => drawSpreads(u, data, drawColours.before || PRINT_COLOURS.before)] : [];
  const chart = new window.uPlot(
    options({
      width: size, height, colours: drawColours, range: data.range, onDraw, underSeries, points: data.x.length,
    }),
    // A long range's line joins its buckets' mean pain before: the dots (no column of its own).
    [data.x, data.before, data.after, data.bucket ? data.before : data.average],
    element,
  );
  element.chart = chart;
  element.dataset.points = String(chart.data[0].length);
  return chart;
}

// Keep a full-width chart fitting its column and following the colour scheme.
export function followScreen(element, height = HEIGHT) {
  new ResizeObserver(() => {
    const width = Math.max(240, Math.floor(element.clientWidth));
    if (element.chart && width !== element.chart.width) element.chart.setSize({ width, height });
  }).observe(element);
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => drawTrend(element, { height }));
}

function cell(text) {
  const element = document.createElement('td');
  element.textContent = text;
  return element;
}

const WHEN = new Intl.DateTimeFormat(intlLocale, {
  day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC',
});

const DAY_ONLY = new Intl.DateTimeFormat(intlLocale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

// "5.25 (3–9)": a bucket's mean, lowest and highest (services/trend.py).
const spread = (mean, low, high) => (mean === null ? gettext('not rated') : `${mean.toFixed(2)} (${low}–${high})`);

// A bucket's row (a day or a week of sessions, when there are too many to list one by one).
function bucketRow(data, i, first) {
  const row = document.createElement('tr');
  row.append(
    first,
    cell(String(data.sessions[i])),
    cell(spread(data.before[i], data.low[i], data.high[i])),
    cell(spread(data.after[i], data.after_low[i], data.after_high[i])),
  );
  return row;
}

// The chart's numbers as table rows, oldest first, built from the very data the chart drew.
export function fillTable(table, data) {
  const rows = data.x.map((seconds, i) => {
    const row = document.createElement('tr');
    const time = document.createElement('time');
    time.dateTime = new Date(seconds * 1000).toISOString().slice(0, 16);
    const check = data.check?.[i] ?? null;
    time.textContent = (data.bucket && check === null ? DAY_ONLY : WHEN).format(seconds * 1000);
    const first = cell('');
    first.className = 'nowrap';
    first.append(time);
    if (check !== null) {
      row.className = 'row-check';
      const dashes = data.bucket ? [cell('–')] : [cell('–'), cell('–')];
      row.append(first, cell(gettext('Pain check (no routine)')), cell(String(check)), ...dashes);
      return row;
    }
    if (data.bucket) return bucketRow(data, i, first);
    let after = String(data.after[i]);
    if (data.after[i] === null) after = data.stop[i] ? gettext('safety stop') : gettext('not rated');
    row.append(
      first,
      cell(data.routines[data.routine[i]]),
      cell(String(data.before[i])),
      cell(after),
      cell(data.average[i].toFixed(2)),
    );
    return row;
  });
  table.tBodies[0].replaceChildren(...rows);
}

// Fill the table the first time its <details> opens.
export function tableOnOpen(details, element) {
  details.addEventListener('toggle', () => {
    if (!details.open || details.dataset.filled) return;
    fillTable(details.querySelector('table'), readData(element));
    details.dataset.filled = 'true';
  });
}
