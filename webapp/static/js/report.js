// The report page: draws the trend chart, redrawn for paper (full width, print colours) while
// printing, and offers printing (the browser's print dialog also saves as PDF).
import { PRINT_COLOURS, drawTrend } from './trend-chart.js';
import { formatDate, gettext } from './i18n.js';

const PRINT_WIDTH = 680;
const HEIGHT = 200;

const chart = document.getElementById('report-trend');
if (chart) {
  const forScreen = () => drawTrend(chart, { width: Math.min(PRINT_WIDTH, chart.clientWidth || PRINT_WIDTH), height: HEIGHT });
  forScreen();
  const forPaper = () => drawTrend(chart, { width: PRINT_WIDTH, height: HEIGHT, colours: PRINT_COLOURS });
  window.addEventListener('beforeprint', forPaper);
  window.addEventListener('afterprint', forScreen);
  matchMedia('print').addEventListener('change', (event) => (event.matches ? forPaper() : forScreen()));
}

const button = document.getElementById('print-report');
if (button) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}

// Name and date of birth typed for this printout only: written into the page, never sent.
const person = document.getElementById('report-person');
const nameField = document.getElementById('person-name');
const birthField = document.getElementById('person-birth');
function showPerson() {
  const name = nameField.value.trim();
  const birth = birthField.valueAsDate;
  // Day, month in words, year: the report's own unambiguous way of writing a date.
  const day = birth ? formatDate(birth, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }) : '';
  const born = birth ? gettext('born %(day)s', { day }) : '';
  person.textContent = [name, born].filter(Boolean).join(', ');
  person.hidden = !person.textContent;
}
if (person && nameField && birthField) {
  nameField.addEventListener('input', showPerson);
  birthField.addEventListener('input', showPerson);
}
