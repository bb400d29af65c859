/**
 * Who held what, over the run: after every event that changed it, each client's mode as the
 * manager granted it and as the client believes it, and the writes the backend decided. The
 * checker writes it once per event as the run first computes it; the timeline reads any moment.
 */
import { EventLog, rowsThrough } from '../../sim/event-log';
import type { Micros, NodeId } from '../../sim/types';
import type { Mode } from './modes';

export interface ClientHolding {
  client: NodeId;
  /** The mode the manager has granted this client. */
  granted: Mode | null;
  /** The mode the client believes it holds. */
  believes: Mode | null;
}

export interface HoldSample {
  index: number;
  time: Micros;
  clients: readonly ClientHolding[];
}

function same(a: readonly ClientHolding[], b: readonly ClientHolding[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (x, i) => x.client === b[i]?.client && x.granted === b[i]?.granted && x.believes === b[i]?.believes,
    )
  );
}

export class HoldLog extends EventLog {
  private samples: HoldSample[] = [];

  write(index: number, time: Micros, clients: readonly ClientHolding[]): void {
    if (!this.begin(index)) return;
    const last = this.samples.at(-1);
    if (last && same(last.clients, clients)) return;
    this.samples.push({ index, time, clients });
  }

  /** The samples up to event `cursor`, oldest first. */
  samplesAt(cursor: number): readonly HoldSample[] {
    return this.samples.slice(0, rowsThrough(this.samples, cursor));
  }

  protected forget(index: number): void {
    this.samples = this.samples.slice(0, rowsThrough(this.samples, index - 1));
  }
}
