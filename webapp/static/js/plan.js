// What the person changed during a run: "+30 s" on a hold, "repeat this point". Pure functions
// over plain data kept in the saved run, so a reload replays the same plan (tests/js/plan.test.mjs).

// The routine's own plan: each step once, with its own hold.
export const basePlan = (steps) => steps.map((step, index) => ({ step: index, seconds: step.seconds }));

// The steps the player runs: the routine's steps in the plan's order, with the plan's holds.
export const planSteps = (steps, plan) => plan.map(({ step, seconds }) => ({ ...steps[step], seconds }));

// Hold step `index` longer by `seconds`.
export const extendStep = (plan, index, seconds) =>
  plan.map((item, i) => (i === index ? { ...item, seconds: item.seconds + seconds } : item));

// Hold the point of step `index` once more, right after it, as long as the routine says; the
// record gets an empty hold for it, so what was held before keeps its place.
export function repeatStep(plan, record, steps, index) {
  const copy = { step: plan[index].step, seconds: steps[plan[index].step].seconds };
  const held = [...record.held];
  held.splice(index + 1, 0, 0);
  return { plan: [...plan.slice(0, index + 1), copy, ...plan.slice(index + 1)], record: { ...record, held } };
}
