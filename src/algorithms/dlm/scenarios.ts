/**
 * Named scenarios the article links to as `#scenario=<id>`. Times are in milliseconds; a lease
 * lasts 2 s (etcd's shortest), kept alive every 667 ms; latency is 2 to 6 ms.
 */
import { atMs as at, scenarioBuilder } from '../../sim/scenario';
import type { Action, NamedScenario, NodeId, TimedAction } from '../../sim/types';
import type { Mode } from './modes';
import { dlmParams } from './params';

export const dlmScenario = scenarioBuilder('dlm', { ...dlmParams.defaults, workload: false });
const dlm = dlmScenario;

function lock(node: NodeId, mode: Mode, hold?: number | null): Action {
  return {
    type: 'client',
    node,
    payload: hold === undefined ? { op: 'lock', mode } : { op: 'lock', mode, hold },
  };
}
function convert(node: NodeId, mode: Mode, hold?: number | null): Action {
  return {
    type: 'client',
    node,
    payload: hold === undefined ? { op: 'convert', mode } : { op: 'convert', mode, hold },
  };
}
function unlock(node: NodeId): Action {
  return { type: 'client', node, payload: { op: 'unlock' } };
}

const conversionDeadlock: TimedAction[] = [
  at(10, lock('C1', 'PR', null)),
  at(20, lock('C2', 'PR', null)),
  at(150, convert('C1', 'EX')),
  at(165, convert('C2', 'EX')),
];

const pausedHolder: TimedAction[] = [
  at(10, lock('C1', 'EX', 300)),
  at(60, lock('C2', 'EX')),
  at(100, { type: 'pause', node: 'C1', duration: 4_000_000 }),
];

export const scenarios: NamedScenario[] = [
  {
    id: 'readers-and-writer',
    title: 'Readers and a writer',
    description:
      'C1 and C2 take PR together: the matrix lets protected readers share. C3 asks for EX and waits; M sends both readers a blocking AST, they finish and let go, and C3 is granted EX.',
    scenario: dlm({}, [
      at(10, lock('C1', 'PR', 1500)),
      at(30, lock('C2', 'PR', 1500)),
      at(120, lock('C3', 'EX')),
    ]),
  },
  {
    id: 'conversion-deadlock',
    title: 'Up-conversion deadlock, detected',
    description:
      'C1 and C2 hold PR and both convert to EX. Each conversion waits for the other’s PR, and converting locks get no blocking AST: a deadlock. After the deadlock wait, M’s search denies the younger conversion (C2), which lets go; C1 gets EX.',
    scenario: dlm({ clients: 2 }, conversionDeadlock),
  },
  {
    id: 'conversion-deadlock-undetected',
    title: 'Up-conversion deadlock, no detection',
    description:
      'The same two conversions with the deadlock search turned off: both wait for ever, and the observer reports a lasting deadlock.',
    scenario: dlm({ clients: 2, deadlockDetection: false }, conversionDeadlock),
    until: 5_000_000,
  },
  {
    id: 'holder-crash',
    title: 'A holder crashes; its lease ends its lock',
    description:
      'C1 holds EX and C2 waits. C1 crashes and sends no more keep-alives. About two seconds later E ends C1’s lease, deletes its lock key and tells M through the watch; M grants C2.',
    scenario: dlm({ clients: 2, respondToBlocking: false }, [
      at(10, lock('C1', 'EX', null)),
      at(60, lock('C2', 'EX')),
      at(300, { type: 'crash', node: 'C1' }),
    ]),
    until: 3_500_000,
  },
  {
    id: 'backend-partition',
    title: 'The backend is cut off',
    description:
      'C1 holds EX, C2 waits, then E is cut off from everyone. Keep-alives go unanswered: each client’s own deadline tells it to stop, and E ends both leases on its side. When the network heals, M’s next read of the prefix shows the keys gone and empties its queues; C2 asks again and gets EX.',
    scenario: dlm({ clients: 2, respondToBlocking: false }, [
      at(10, lock('C1', 'EX', null)),
      at(60, lock('C2', 'EX')),
      at(300, { type: 'partition', groups: [['E'], ['C1', 'C2', 'M']] }),
      at(3500, { type: 'heal' }),
      at(4200, lock('C2', 'EX')),
    ]),
    until: 5_000_000,
  },
  {
    id: 'starvation-broken-order',
    title: 'Starvation under the broken order',
    description:
      'With the broken order, a new PR request is compatible with the readers and skips the queue, while C1’s conversion to EX keeps waiting behind readers that keep arriving. The observer flags the grant that jumped the queue.',
    scenario: dlm({ clients: 4, order: 'jump', respondToBlocking: false }, [
      at(10, lock('C1', 'PR', null)),
      at(20, lock('C2', 'PR', 600)),
      at(100, convert('C1', 'EX')),
      at(300, lock('C3', 'PR', 600)),
      at(500, lock('C4', 'PR', 600)),
    ]),
  },
  {
    id: 'starvation-correct-order',
    title: 'The same readers, conversions first',
    description:
      'The same requests with conversions served first: C3 and C4 wait behind C1’s conversion, which is granted as soon as C2 lets go.',
    scenario: dlm({ clients: 4, respondToBlocking: false }, [
      at(10, lock('C1', 'PR', null)),
      at(20, lock('C2', 'PR', 600)),
      at(100, convert('C1', 'EX')),
      at(300, lock('C3', 'PR', 600)),
      at(500, lock('C4', 'PR', 600)),
    ]),
  },
  {
    id: 'paused-holder-fenced',
    title: 'A paused holder, fenced',
    description:
      'C1 holds EX and pauses for four seconds. Its lease ends at E, M grants C2, which writes. C1 wakes believing it still holds EX and writes with its old token: the transaction compares the lock key’s revision, finds the key gone, and refuses.',
    scenario: dlm({ clients: 2 }, pausedHolder),
    until: 4_500_000,
  },
  {
    id: 'paused-holder-unfenced',
    title: 'A paused holder, no fencing',
    description:
      'The same pause with writes that check nothing: C1’s stale write is accepted after C2’s, and the observer reports a write outside the lease.',
    scenario: dlm({ clients: 2, fencing: false }, pausedHolder),
    until: 4_500_000,
  },
  {
    id: 'ex-only-backend',
    title: 'Redis: EX only',
    description:
      'On the Redis backend the manager has SET NX PX and nothing more, so it offers EX only, as dlock does. C1’s PR is refused; its EX is granted, and C2 waits for it.',
    scenario: dlm({ clients: 2, backend: 'redis' }, [
      at(10, lock('C1', 'PR')),
      at(200, lock('C1', 'EX')),
      at(260, lock('C2', 'EX')),
    ]),
  },
];

/** The steady mix the default demo runs: clients take turns asking for modes. */
export function workloadActions(clients: number, until = 60_000): TimedAction[] {
  const modes: Mode[] = ['PR', 'PR', 'EX', 'CR', 'PW', 'CW', 'PR', 'EX'];
  const actions: TimedAction[] = [];
  for (let k = 0, t = 20; t < until; k++, t += 450) {
    const node = `C${(k % clients) + 1}`;
    actions.push(at(t, lock(node, modes[k % modes.length] as Mode)));
  }
  return actions;
}

export { unlock };
