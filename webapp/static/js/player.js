// The hold timer: one step at a time, a countdown with a ring, cues at each transition.
import { Cues, loadPrefs, savePrefs } from './cues.js';
import { advance, jump, newRecord, outcomeOf, summarise } from './held.js';
import { basePlan, extendStep, planSteps, repeatStep } from './plan.js';
import {
  backTarget, buildTimeline, clock, formatClock, isSideSwitch, locate, secondsLeft, skipTarget,
} from './timeline.js';
import { ScreenAwake } from './wakelock.js';
import { appData } from './app-data.js';
import { gettext, lang, ngettext } from './i18n.js';

// A side's words come from the server (vocabulary.py), in the page's language.
const SIDE = appData.words?.sides ?? {};
const SAY_SIDE = { ...(appData.words?.side_words ?? {}), center: '' };
const ANNOUNCE_AT = [10, 3];
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
// A wait set in update() ends a ms or more after it should (setTimeout's own lateness, more on a
// busy phone, and update()'s work after the clock was read), so a segment's end, where a cue
// plays, is woken this much early and reached by approach().
const BOUNDARY_LEAD_MS = 20;

export class Player {
  constructor(root, routine, {
    onChange, onEnd, onProgress = () => {}, onPlan = () => {}, record = null, plan = null, awayMs = Infinity,
  }) {
    this.root = root;
    this.routine = routine;
    // The steps as run: the routine's, with any "+30 s" and "repeat this point" (plan.js).
    this.plan = plan ?? basePlan(routine.steps);
    this.steps = planSteps(routine.steps, this.plan);
    this.timeline = buildTimeline(this.steps, routine.get_ready_seconds);
    this.onPlan = onPlan;
    this.onChange = onChange;
    this.onEnd = onEnd;
    this.onProgress = onProgress;
    this.record = record ?? newRecord(this.timeline);
    this.awayMs = awayMs;
    this.hiddenAt = null;
    this.screen = root.querySelector('#screen-player');
    this.ring = root.querySelector('#player-ring-progress');
    this.ringLength = 2 * Math.PI * Number(this.ring.getAttribute('r'));
    this.ring.setAttribute('stroke-dasharray', String(this.ringLength));
    this.cues = new Cues(loadPrefs(), this.screen);
    this.awake = new ScreenAwake(() => { this.el('wake-tip').hidden = false; });
    this.state = null;
    this.lastIndex = -1;
    this.cueOnEnter = true;
    this.shownStep = -1;
    this.shownSecond = null;
    this.timer = null;
    this.approaching = null;
    this.frame = null;
    this.ended = false;
    this.bind();
  }

  el(name) {
    return this.root.querySelector(`#player-${name}`);
  }

  bind() {
    this.el('pause').addEventListener('click', () => this.toggle());
    this.el('back').addEventListener('click', () => this.seek(backTarget(this.timeline, this.elapsed())));
    this.el('skip').addEventListener('click', () => this.seek(skipTarget(this.timeline, this.elapsed())));
    this.el('stop').addEventListener('click', () => this.confirmStop());
    this.el('extend').addEventListener('click', () => this.extend());
    this.el('repeat').addEventListener('click', () => this.repeat());
    document.addEventListener('visibilitychange', () => this.onVisibility());
    document.addEventListener('keydown', (event) => this.onKey(event));
    for (const input of this.root.querySelectorAll('input[name="cue"]')) {
      input.checked = this.cues.prefs[input.value];
      input.addEventListener('change', () => {
        this.cues.prefs[input.value] = input.checked;
        savePrefs(this.cues.prefs);
      });
    }
  }

  onKey(event) {
    if (document.body.dataset.screen !== 'screen-player' || this.ended) return;
    if (event.target.closest('button, input, textarea, select, summary, a')) return;
    const actions = {
      ' ': () => this.toggle(),
      ArrowLeft: () => this.seek(backTarget(this.timeline, this.elapsed())),
      ArrowRight: () => this.seek(skipTarget(this.timeline, this.elapsed())),
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  }

  // Start fresh (from the Start tap) or carry on from a saved clock (after a reload).
  begin(state, { fresh }) {
    this.state = state;
    // After a reload, show where the routine is without replaying the cue of that moment.
    this.cueOnEnter = fresh;
    if (fresh) {
      this.loadCuePrefs();
      this.cues.unlock();
    }
    if (clock.running(state)) this.awake.acquire();
    this.update({ render: true });
  }

  // The cue choices as stored now: a player built before the Start tap (session.js) may have
  // been built before the check-in's voice offer changed them.
  loadCuePrefs() {
    this.cues.prefs = loadPrefs();
    for (const input of this.root.querySelectorAll('input[name="cue"]')) {
      input.checked = this.cues.prefs[input.value];
    }
  }

  elapsed() {
    return clock.elapsed(this.state, Date.now());
  }

  // Bring the record of what was held up to now, and hand it to the page to keep.
  note() {
    this.record = advance(this.record, this.timeline, this.elapsed());
    this.onProgress(this.record, this.hiddenAt ?? Date.now());
  }

  // A page hidden for longer than awayMs (phone put away) ends the run when it was hidden.
  onVisibility() {
    if (!this.state || this.ended) return;
    if (document.hidden) {
      this.hiddenAt = Date.now();
      this.note();
      return;
    }
    if (!this.away()) {
      this.hiddenAt = null;
      this.update();
    }
  }

  // True (and the run ended when it was hidden) once the page has been hidden over awayMs.
  away() {
    if (this.hiddenAt === null || Date.now() - this.hiddenAt <= this.awayMs) return false;
    this.end('away', this.hiddenAt);
    return true;
  }

  // Stop asks first: the clock waits while the question is open, and carries on if the person does.
  confirmStop() {
    if (this.ended) return;
    const dialog = this.root.querySelector('#stop-dialog');
    const wasRunning = clock.running(this.state);
    if (wasRunning) this.toggle();
    const { steps_completed: done } = summarise(this.record, this.timeline);
    dialog.querySelector('#stop-held').textContent = ngettext(
      'You have held %(done)d of %(num)d hold so far.', 'You have held %(done)d of %(num)d holds so far.',
      this.steps.length, { done },
    );
    dialog.returnValue = '';
    dialog.onclose = () => {
      if (dialog.returnValue === 'end') this.end('stop');
      else if (wasRunning) this.toggle();
      this.el('stop').focus();
    };
    dialog.showModal();
  }

  toggle() {
    this.note();
    if (clock.running(this.state)) {
      this.state = clock.pause(this.state, Date.now());
      this.say(gettext('Paused.'));
    } else {
      this.cues.unlock();
      this.awake.acquire();
      this.state = clock.resume(this.state, Date.now());
      this.say(gettext('Resumed.'));
    }
    this.onChange(this.state);
    this.update({ render: true });
  }

  seek(to) {
    this.note();
    this.record = jump(this.record, this.timeline, to);
    this.state = clock.seek(this.state, to, Date.now());
    this.lastIndex = -1;
    this.onChange(this.state);
    this.update({ render: true });
  }

  // The step the clock is in (its get-ready or its hold), or null once the routine is over.
  currentStep() {
    const position = locate(this.timeline, this.elapsed());
    return position.done ? null : position.segment.step;
  }

  // "+30 s": this step's hold (running, or about to start) lasts longer.
  extend() {
    if (this.ended) return;
    this.note();
    const index = this.currentStep();
    if (index === null) return;
    const extra = this.routine.extra_seconds;
    this.replan(extendStep(this.plan, index, extra), this.record);
    this.say(gettext('Added %(extra)d seconds: this hold is now %(seconds)d seconds.', { extra, seconds: this.steps[index].seconds }));
  }

  // "Repeat this point": hold it once more right after this step.
  repeat() {
    if (this.ended) return;
    this.note();
    const index = this.currentStep();
    if (index === null) return;
    const { plan, record } = repeatStep(this.plan, this.record, this.routine.steps, index);
    this.replan(plan, record);
    const step = this.steps[index];
    this.say(gettext('%(point)s %(name)s comes again next, as step %(step)d of %(total)d.', {
      point: step.point, name: step.name, step: index + 2, total: this.steps.length,
    }));
  }

  // The current segment keeps its index (a repeat goes after it), so no cue plays again.
  replan(plan, record) {
    this.plan = plan;
    this.steps = planSteps(this.routine.steps, plan);
    this.timeline = buildTimeline(this.steps, this.routine.get_ready_seconds);
    this.record = record;
    this.onPlan(plan, record);
    const index = this.currentStep();
    if (index !== null) this.showStep(index);
    this.update({ render: true });
  }

  // ending: 'end' (the clock ran out), 'stop' (confirmed), 'away' (left since `at`).
  end(ending, at = Date.now()) {
    if (this.ended) return;
    this.ended = true;
    this.cancelWake();
    cancelAnimationFrame(this.frame);
    this.awake.release();
    this.record = advance(this.record, this.timeline, clock.elapsed(this.state, at));
    const held = summarise(this.record, this.timeline);
    const outcome = outcomeOf(ending, held);
    if (ending === 'end') this.cues.play('done', gettext('Well done. You can let go now.'));
    const overrun = Math.max(0, this.elapsed() - this.timeline.total);
    this.root.dispatchEvent(new CustomEvent('backpoint:end', {
      detail: { outcome, lateMs: this.elapsed() - this.timeline.total },
    }));
    // A routine that ran out while the page was closed ended when its time was up, not now.
    this.onEnd(outcome, new Date(at - (ending === 'end' ? overrun : 0)), held, this.record);
  }

  update({ render = false } = {}) {
    if (this.ended || this.away()) return;
    // Hidden, the record waits: time away counts only if the person is back within awayMs.
    if (!document.hidden) this.note();
    const position = locate(this.timeline, this.elapsed());
    if (position.done) {
      this.end('end');
      return;
    }
    if (position.index !== this.lastIndex) {
      this.enter(position, this.cueOnEnter);
      this.cueOnEnter = true;
      this.lastIndex = position.index;
      render = true;
    }
    this.renderClock(position, render);
    this.schedule(position);
  }

  // Wake at the next whole second of the countdown, or just before the segment's end to reach it
  // on time; the time itself always comes from the clock.
  schedule(position) {
    this.cancelWake();
    const running = clock.running(this.state);
    this.root.dataset.state = running ? 'running' : 'paused';
    if (!running) return;
    const wait = position.remaining % 1000 || 1000;
    this.timer = wait < position.remaining
      ? setTimeout(() => this.update(), wait)
      : setTimeout(() => this.approach(position.segment.end), wait - BOUNDARY_LEAD_MS);
    if (!this.frame && !reducedMotion.matches) {
      const loop = () => {
        this.frame = null;
        if (this.ended || !clock.running(this.state) || document.hidden) return;
        // A frame can land after the last second but before the timer ends the run.
        const position = locate(this.timeline, this.elapsed());
        if (position.done) return;
        this.renderRing(position);
        this.frame = requestAnimationFrame(loop);
      };
      this.frame = requestAnimationFrame(loop);
    }
  }

  // Reach the segment's end in the first task at which the clock says it is there: each turn is a
  // MessageChannel message, a task like any other (input and frames run between turns) but not
  // clamped to 4 ms as nested timeouts are. It lasts BOUNDARY_LEAD_MS at most. The timeout at the
  // end stays set for a clock that only moves with its timers (Playwright's paused fake clock).
  approach(end) {
    const channel = new MessageChannel();
    const turn = () => {
      if (this.approaching !== channel) return;
      if (this.elapsed() < end) channel.port2.postMessage(null);
      else this.update();
    };
    this.approaching = channel;
    channel.port1.onmessage = turn;
    this.timer = setTimeout(() => this.update(), Math.max(0, end - this.elapsed()));
    turn();
  }

  cancelWake() {
    clearTimeout(this.timer);
    this.approaching?.port1.close();
    this.approaching = null;
  }

  enter(position, cue) {
    const { segment } = position;
    const step = this.steps[segment.step];
    if (segment.step !== this.shownStep) this.showStep(segment.step);
    const switching = segment.kind === 'ready' && isSideSwitch(this.steps, segment.step);
    const sideWords = SAY_SIDE[step.side] ?? step.side;
    const phase = segment.kind === 'hold'
      ? gettext('Press and hold')
      : switching ? gettext('Switch to the %(side)s', { side: sideWords }) : gettext('Get ready');
    this.el('phase').textContent = phase;
    this.root.dataset.phase = segment.kind;
    this.root.dataset.step = String(segment.step);
    if (segment.kind === 'hold') {
      this.say(holdWords(step));
    } else if (switching) {
      this.say(gettext('Switch to the %(side)s.', { side: sideWords }));
    } else {
      this.say(gettext('Step %(step)d of %(total)d: %(point)s %(name)s, %(side)s. Get ready.', {
        step: segment.step + 1, total: this.steps.length, point: step.point, name: step.name, side: lowerSide(step.side),
      }));
    }
    performance.mark('backpoint:shown');
    if (cue) {
      const kind = segment.kind === 'hold' ? 'hold' : switching ? 'switch' : 'ready';
      const words = segment.kind === 'hold'
        ? holdWords(step)
        : switching ? gettext('Switch to the %(side)s.', { side: sideWords }) : readyWords(step);
      this.cues.play(kind, words);
    }
    performance.mark('backpoint:cued');
    this.root.dispatchEvent(new CustomEvent('backpoint:segment', {
      detail: {
        index: position.index,
        kind: segment.kind,
        step: segment.step,
        lateMs: this.elapsed() - segment.start,
      },
    }));
  }

  showStep(index) {
    const step = this.steps[index];
    this.shownStep = index;
    this.el('title').textContent = `${step.point} ${step.name}`;
    this.el('side').textContent = SIDE[step.side];
    this.el('side').dataset.side = step.side;
    this.el('pressure').textContent = step.pressure === 'gentle' ? gettext('Gentle') : gettext('Firm, not painful');
    this.el('instruction').textContent = step.instruction;
    this.el('caution').replaceChildren(...step.cautions.map((text) => {
      const item = document.createElement('li');
      item.textContent = text;
      return item;
    }));
    this.el('caution').hidden = !step.cautions.length;
    this.el('where').textContent = step.how_to_find;
    for (const figure of this.root.querySelectorAll('#player-maps > figure')) {
      figure.hidden = figure.dataset.step !== String(this.plan[index].step);
    }
    const next = this.steps[index + 1];
    this.el('next').textContent = next
      ? gettext('Next: %(point)s %(name)s · %(side)s · %(seconds)d s', {
        point: next.point, name: next.name, side: lowerSide(next.side), seconds: next.seconds,
      })
      : gettext('Next: check out and rate your pain');
  }

  renderClock(position, force) {
    const seconds = secondsLeft(position.remaining);
    const running = clock.running(this.state);
    if (force || seconds !== this.shownSecond) {
      this.shownSecond = seconds;
      const { segment } = position;
      this.el('count').textContent = segment.kind === 'ready' ? String(seconds) : formatClock(position.remaining);
      this.el('progress').textContent = gettext('Step %(step)d of %(total)d · %(time)s left', {
        step: segment.step + 1, total: this.steps.length, time: formatClock(position.totalRemaining),
      });
      this.el('bar').value = this.timeline.total - position.totalRemaining;
      this.el('bar').max = this.timeline.total;
      if (segment.kind === 'hold' && running && ANNOUNCE_AT.includes(seconds) && this.steps[segment.step].seconds > seconds) {
        this.say(ngettext('%(num)d second left.', '%(num)d seconds left.', seconds));
      }
      this.renderRing(position);
    }
    this.el('pause').textContent = running ? gettext('Pause') : gettext('Resume');
    this.el('paused-note').hidden = running;
  }

  renderRing(position) {
    const { segment } = position;
    const done = reducedMotion.matches ? 0 : (segment.end - segment.start - position.remaining) / (segment.end - segment.start);
    this.ring.setAttribute('stroke-dashoffset', String(this.ringLength * done));
  }

  say(words) {
    this.el('live').textContent = words;
  }
}

const lowerSide = (side) => (SIDE[side] ?? side).toLocaleLowerCase(lang);

// What is said (and shown to screen readers) as a hold starts, and as a point's get-ready starts.
function holdWords(step) {
  return ngettext('Press and hold for %(num)d second.', 'Press and hold for %(num)d seconds.', step.seconds);
}

function readyWords(step) {
  const side = SAY_SIDE[step.side];
  return side
    ? gettext('%(name)s, %(side)s. Get ready.', { name: step.name, side })
    : gettext('%(name)s. Get ready.', { name: step.name });
}
