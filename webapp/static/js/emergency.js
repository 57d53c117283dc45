// The emergency screen: the signs the person gave, and a tap-to-call link for where they are.
// The numbers come from the server (webapp/safety.py EMERGENCY_NUMBERS) as the select's options.
import { showScreen } from './screens.js';
import { regionFromLanguages } from './safety-route.js';
import { gettext } from './i18n.js';

const REGION_KEY = `backpoint:region:${document.body.dataset.user}`;

function chosenRegion(select) {
  const known = new Set([...select.options].map((option) => option.value).filter(Boolean));
  const saved = localStorage.getItem(REGION_KEY);
  if (saved !== null && (saved === '' || known.has(saved))) return saved;
  const guessed = regionFromLanguages(navigator.languages?.length ? navigator.languages : [navigator.language]);
  return known.has(guessed) ? guessed : '';
}

function showNumber(root, select) {
  const option = select.selectedOptions[0];
  const number = option?.dataset.number;
  const call = root.querySelector('#emergency-call');
  call.hidden = !number;
  root.querySelector('#emergency-other').hidden = Boolean(number);
  if (number) {
    call.href = `tel:${number}`;
    call.textContent = gettext('Call %(number)s', { number });
  }
}

// Show the emergency screen naming each sign (keys of rules.flags) the person gave.
export function showEmergency(root, rules, keys, lead) {
  const signs = rules.flags.filter((flag) => keys.includes(flag.key));
  root.querySelector('#emergency-signs').replaceChildren(...signs.map((flag) => {
    const item = document.createElement('li');
    item.textContent = flag.sign;
    return item;
  }));
  if (lead) root.querySelector('#emergency-lead').textContent = lead;
  const select = root.querySelector('#emergency-region');
  select.value = chosenRegion(select);
  showNumber(root, select);
  select.onchange = () => {
    localStorage.setItem(REGION_KEY, select.value);
    showNumber(root, select);
  };
  showScreen(root, 'screen-emergency');
}
