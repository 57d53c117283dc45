// The add-a-session form: the device's UTC offset for the date and time entered, so the
// session is stored on the clock the person lived it on.
const offset = document.getElementById('utc-offset');
const started = document.querySelector('input[name="started"]');

function update() {
  const moment = started?.value ? new Date(started.value) : new Date();
  offset.value = String(-(Number.isNaN(moment.getTime()) ? new Date() : moment).getTimezoneOffset());
}

if (offset) {
  update();
  started?.addEventListener('change', update);
  offset.form.addEventListener('submit', update);
}
