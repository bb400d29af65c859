import { and, assign, emit, setup } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import { emitEffects } from '../effects';
import type { Effect } from '../spec';
import { installFastPath, setFastPath, stepCounts } from '../fast-path';
import { MachineStepper, type MachineSlot } from '../stepper';

installFastPath();

interface Ctx {
  n: number;
  seen: string[];
}
type Ev = { type: 'inc'; by: number } | { type: 'note'; text: string } | { type: 'go' } | { type: 'odd' };

/** A machine using what the fast path must get right and what it must leave to XState. */
const machine = setup({
  types: { context: {} as Ctx, events: {} as Ev, emitted: {} as Effect },
  guards: {
    small: ({ context }, params: { below: number }) => context.n < params.below,
    positive: ({ event }) => event.type === 'inc' && event.by > 0,
    big: ({ context }) => context.n >= 10,
  },
  actions: {
    add: assign(({ context, event }) => ({ n: context.n + (event.type === 'inc' ? event.by : 0) })),
    record: assign({ seen: ({ context, event }) => [...context.seen, event.type] }),
    tell: emit(({ context }) => ({ type: 'persist', n: context.n }) as unknown as Effect),
    hand: assign(({ context }) => {
      emitEffects([{ type: 'cancel-timer', name: `t${context.n}` }]);
      return {};
    }),
    custom: () => {},
  },
}).createMachine({
  context: { n: 0, seen: [] },
  initial: 'low',
  on: { note: { actions: ['record', 'hand'] } },
  states: {
    low: {
      always: { guard: 'big', target: 'high' },
      on: {
        inc: [
          { guard: and(['positive', { type: 'small', params: { below: 3 } }]), actions: ['add', 'tell'] },
          { guard: { type: 'small', params: { below: 100 } }, actions: ['add', 'record', 'tell', 'hand'] },
        ],
        odd: { actions: 'custom' },
      },
    },
    high: {
      initial: 'a',
      states: { a: { on: { go: 'b' } }, b: {} },
      on: { inc: { guard: ({ event }) => event.type === 'inc' && event.by < 0, actions: 'add' } },
    },
  },
});

function play(fast: boolean, events: Ev[]) {
  setFastPath(fast);
  const stepper = MachineStepper.for(machine);
  const slot: MachineSlot = { snap: null, context: undefined, role: '' };
  const out: unknown[] = [];
  stepper.initial(slot, undefined, []);
  for (const e of events) {
    const effects: Effect[] = [];
    stepper.step(slot, e, effects);
    out.push({ role: slot.role, context: slot.context, effects });
  }
  return out;
}

afterEach(() => setFastPath(true));

describe('the stepper', () => {
  it('gives what XState gives: guards with params, emits after assigns, eventless and built-in guards, nested states', () => {
    const events: Ev[] = [
      { type: 'inc', by: 1 },
      { type: 'note', text: 'a' },
      { type: 'inc', by: 1 },
      { type: 'odd' },
      { type: 'inc', by: 4 },
      { type: 'inc', by: 0 },
      { type: 'inc', by: 5 }, // n reaches 11: the eventless transition fires
      { type: 'inc', by: 2 },
      { type: 'inc', by: -1 },
      { type: 'note', text: 'b' },
      { type: 'go' },
      { type: 'inc', by: -3 },
    ];
    const before = stepCounts.fast;
    const fast = play(true, events);
    expect(stepCounts.fast).toBeGreaterThan(before);
    expect(fast).toEqual(play(false, events));
  });
});
