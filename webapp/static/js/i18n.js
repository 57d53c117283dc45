// The browser's gettext: the page's own catalog (app-data.js), English when a message is missing,
// plural forms by the language's CLDR rules (Intl.PluralRules), dates and numbers by Intl.
import { appData } from './app-data.js';

export const lang = appData.lang
  ?? (typeof document === 'undefined' ? 'en' : document.documentElement.lang || 'en');
const messages = appData.messages ?? {};
const plurals = new Intl.PluralRules(lang);

// "%(name)s" and "%(name)d" filled from values, as Python's gettext does on the server.
function fill(text, values) {
  return text.replace(/%\((\w+)\)[sd]/g, (match, name) => (name in values ? String(values[name]) : match))
    .replace(/%%/g, '%');
}

export function gettext(msgid, values = {}) {
  const found = messages[msgid];
  return fill(typeof found === 'string' && found ? found : msgid, values);
}

// The form for n (n is also %(num)s); English's own two forms when the catalog has none.
export function ngettext(singular, plural, n, values = {}) {
  const forms = messages[singular];
  let text;
  if (forms && typeof forms === 'object') text = forms[plurals.select(n)] ?? forms.other;
  text ||= n === 1 ? singular : plural;
  return fill(text, { num: n, ...values });
}

// English is written the British way (day before month), as the server's dates are.
export const intlLocale = lang === 'en' ? 'en-GB' : lang;
export const formatNumber = (value, options = {}) => new Intl.NumberFormat(intlLocale, options).format(value);
export const formatDate = (date, options) => new Intl.DateTimeFormat(intlLocale, options).format(date);
