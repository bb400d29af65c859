import { createActor, enqueueActions, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { collectEffects, emitEffects } from '../effects';
import type { Effect } from '../spec';

/** A machine that hands over one effect each way: emitted, and through emitEffects. */
const mixed = setup({ types: { emitted: {} as Effect } }).createMachine({
  on: {
    go: {
      actions: [
        enqueueActions(({ enqueue }) => enqueue.emit({ type: 'cancel-timer', name: 'first' })),
        () => emitEffects([{ type: 'cancel-timer', name: 'second' }]),
      ],
    },
  },
});

describe('effects handed over through emitEffects', () => {
  it('throw when no step collects them, rather than reach another step', () => {
    expect(() => emitEffects([{ type: 'persist' }])).toThrow(/no step is collecting effects/);
  });

  it('land in the innermost open collection, and the outer one is restored after it', () => {
    const outer = collectEffects(() => {
      emitEffects([{ type: 'persist' }]);
      const inner = collectEffects(() => emitEffects([{ type: 'cancel-timer', name: 'x' }]));
      expect(inner).toEqual([{ type: 'cancel-timer', name: 'x' }]);
      emitEffects([{ type: 'note', kind: 'checked' }]);
    });
    expect(outer).toEqual([{ type: 'persist' }, { type: 'note', kind: 'checked' }]);
    expect(() => emitEffects([{ type: 'persist' }])).toThrow();
  });

  it('reach the same collection as emitted events (their order between the two ways is not kept)', () => {
    const actor = createActor(mixed).start();
    const seen: Effect[] = [];
    actor.on('*', (e: Effect) => seen.push(e));
    collectEffects(() => actor.send({ type: 'go' }), seen);
    expect(seen.map((e) => (e.type === 'cancel-timer' ? e.name : e.type)).sort()).toEqual([
      'first',
      'second',
    ]);
  });
});
