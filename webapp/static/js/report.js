// The report page: draws the trend chart at a width that fits an A4 page, and offers printing
// (the browser's print dialog also saves as PDF).
import { drawTrend } from './trend-chart.js';

const PRINT_WIDTH = 680;

const chart = document.getElementById('report-trend');
if (chart) {
  const height = 200;
  const uplot = drawTrend(chart, { width: Math.min(PRINT_WIDTH, chart.clientWidth || PRINT_WIDTH), height });
  // On a phone the chart is drawn narrow; paper gets the full width.
  window.addEventListener('beforeprint', () => uplot?.setSize({ width: PRINT_WIDTH, height }));
}

const button = document.getElementById('print-report');
if (button) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
