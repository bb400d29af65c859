import { useId, useState } from 'react';
import { keyHash } from '../../algorithms/consistent-hashing/hash';
import { jumpHash } from '../../algorithms/consistent-hashing/jump';
import {
  type Member,
  type Scheme,
  SCHEME_TITLES,
  MAGLEV_M,
  buildRing,
  maglevTable,
  mod64,
  nodeHashes,
  rendezvousPreference,
  ringPreference,
} from '../../algorithms/consistent-hashing/place';
import { usePlayerContext } from '../../plugin/context';
import type { PanelProps } from '../../plugin/plugin';
import { usePlacement } from './placement';

/** A key's node and replicas under one scheme, for the current members. */
export function preferenceOf(
  scheme: Scheme,
  members: readonly Member[],
  key: string,
  replicas: number,
  vnodes: number,
): string {
  if (members.length === 0) return 'no node';
  const h = keyHash(key);
  const ids = (list: number[]) => list.map((i) => members[i]?.id ?? '?').join(' → ');
  switch (scheme) {
    case 'ring':
    case 'bounded':
      return ids(ringPreference(buildRing(members, vnodes), h.hi, replicas));
    case 'rendezvous':
      return ids(rendezvousPreference(nodeHashes(members), h.hi, h.lo, replicas));
    case 'jump':
      return `bucket ${jumpHash(h.hi, h.lo, members.length)} (${members[jumpHash(h.hi, h.lo, members.length)]?.id}); no built-in replicas`;
    case 'maglev':
      return `${members[maglevTable(members)[mod64(h.hi, h.lo, MAGLEV_M)] as number]?.id}; no built-in replicas`;
    case 'modulo':
      return `${members[mod64(h.hi, h.lo, members.length)]?.id}`;
  }
}

/** Look a key up: its node and preference list under both schemes, and the lookup recorded in the run. */
export default function Lookup(_props: PanelProps) {
  const { player } = usePlayerContext();
  const view = usePlacement();
  const id = useId();
  const [key, setKey] = useState('user:42');
  if (!view) return null;
  const { row, params } = view;
  const shown = row.lookup ?? key;
  return (
    <div className="ch-lookup-panel" data-testid="ch-lookup">
      <form
        className="ch-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (key.trim())
            player.getState().act({ type: 'client', node: 'C', payload: `lookup ${key.trim()}` });
        }}
      >
        <label htmlFor={`${id}-key`}>Key</label>
        <input id={`${id}-key`} value={key} maxLength={200} onChange={(e) => setKey(e.currentTarget.value)} />
        <button type="submit">Look it up now</button>
      </form>
      <p className="muted">
        The lookup is an event of the run (so it is in the share link); the circle marks the key. The
        preference list is the next {params.replicas} distinct nodes clockwise on the ring (Dynamo), or the
        top {params.replicas} scores.
      </p>
      <dl className="ch-prefs">
        {(['a', 'b'] as const).map((w) => {
          const p = row[w];
          if (!p) return null;
          return (
            <div key={w}>
              <dt>{SCHEME_TITLES[p.scheme]}</dt>
              <dd data-testid={`pref-${w}`}>
                {shown}: {preferenceOf(p.scheme, row.members, shown, params.replicas, params.vnodes)}
              </dd>
            </div>
          );
        })}
      </dl>
    </div>
  );
}
