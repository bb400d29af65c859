/**
 * How the kernel keeps trace entries. A long run records hundreds of thousands of them and most
 * are never read, so an entry keeps plain fields and works out its narration and message view on
 * first read. The private fields are invisible to JSON, structured clones and `Object.keys`;
 * `toJSON` gives the plain entry a reader would have seen with the words written at once.
 */
import type { InFlight } from './world';
import type { NarrationInput } from './spec';
import type { Action, MessageView, Micros, NodeId, TraceEntry } from './types';

/** Writes narrations and message views for records (the kernel's Narrator). */
export interface RecordNarrator {
  sentence(input: NarrationInput, message: InFlight | null, kind: TraceEntry['kind']): string;
  messageView(message: InFlight): MessageView;
  /** Narrates a record whose input was let go, by replaying its part of the trace. */
  replay(record: TraceRecord): void;
  /** The message view of a record whose message was let go, worked out again by replay. */
  replayMessage(record: TraceRecord): MessageView | undefined;
}

/** Stands for a message a record let go (`release`): its view is worked out again by replay. */
const RELEASED = {} as InFlight;

export class TraceRecord implements TraceEntry {
  index = -1;
  readonly time: Micros;
  readonly kind: TraceEntry['kind'];
  readonly node: NodeId | undefined;
  timer: string | undefined = undefined;
  action: Action | undefined = undefined;
  // The messages this event sent have consecutive ids (the kernel numbers them as they go): the
  // record keeps the first and how many, two small integers instead of an array per event.
  #sentFrom = 0;
  #sentCount = 0;
  /** A turn of the story, in a few words, when the algorithm saw one here (not part of the entry's data). */
  milestone: string | undefined = undefined;
  #narrator: RecordNarrator | null = null;
  #input: NarrationInput | null = null;
  #flight: InFlight | null = null;
  #text: string | null = null;
  #view: MessageView | undefined = undefined;

  constructor(time: Micros, kind: TraceEntry['kind'], node: NodeId | undefined) {
    this.time = time;
    this.kind = kind;
    this.node = node;
  }

  /** The ids of the messages this event sent, in sending order. */
  get sent(): number[] {
    const n = this.#sentCount;
    const ids = new Array<number>(n);
    for (let i = 0; i < n; i++) ids[i] = this.#sentFrom + i;
    return ids;
  }

  /** Record what it sent: `count` messages numbered from `first`. */
  sentRange(first: number, count: number): void {
    this.#sentFrom = first;
    this.#sentCount = count;
  }

  /** The message this event delivered or dropped. */
  carry(flight: InFlight, narrator: RecordNarrator): void {
    this.#flight = flight;
    this.#narrator = narrator;
  }

  /** Leave the words for the first reader: the input holds context references only. */
  defer(input: NarrationInput, narrator: RecordNarrator): void {
    this.#input = input;
    this.#narrator = narrator;
  }

  /**
   * Let go of a deferred input and of the message carried (old contexts and message bodies are
   * not kept alive); a later read works them out again by replay.
   */
  release(): void {
    this.#input = null;
    if (this.#flight && this.#flight !== RELEASED) {
      this.#flight = RELEASED;
      this.#view = undefined;
    }
  }

  get narration(): string {
    if (this.#text === null && this.#narrator) {
      const input = this.#input;
      if (input) {
        this.#text = this.#narrator.sentence(input, this.#flight, this.kind);
        this.#input = null;
      } else {
        this.#narrator.replay(this);
      }
    }
    return this.#text ?? '';
  }

  set narration(text: string) {
    this.#text = text;
    this.#input = null;
  }

  get message(): MessageView | undefined {
    if (this.#view !== undefined) return this.#view;
    const flight = this.#flight;
    if (flight === RELEASED) return this.#narrator?.replayMessage(this);
    if (flight && this.#narrator) this.#view = this.#narrator.messageView(flight);
    return this.#view;
  }

  /** Whether it still holds what it carried (its narration input or its message). */
  get holding(): boolean {
    return this.#input !== null || (this.#flight !== null && this.#flight !== RELEASED);
  }

  /** The entry as plain data, in a fixed key order. */
  toJSON(): TraceEntry {
    const plain: TraceEntry = {
      index: this.index,
      time: this.time,
      kind: this.kind,
      narration: this.narration,
      sent: this.sent,
    };
    if (this.node !== undefined) plain.node = this.node;
    const message = this.message;
    if (message) plain.message = message;
    if (this.timer !== undefined) plain.timer = this.timer;
    if (this.action !== undefined) plain.action = this.action;
    return plain;
  }
}
