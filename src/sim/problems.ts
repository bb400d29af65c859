/**
 * What went wrong with something a reader brought (a link, a file, an action), said twice: once in
 * plain words for anyone, once precisely for those who want it. The precise text never carries
 * control characters or markup as they came: they are shown as escapes.
 */
import { ParamError } from './params';

export interface Problem {
  /** One or two sentences a reader understands. */
  summary: string;
  /** The precise reason, for a details element; null when the summary says it all. */
  detail: string | null;
}

/** Control characters (and the BOM, bidi overrides) as visible \u escapes; long texts cut. */
export function printable(text: string, max = 300): string {
  const escaped = text.replace(
    // Control characters are what this looks for.
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A parameter a scenario asks for, in the settings form's words. */
function parameterProblem(error: ParamError, where: string): Problem {
  if (error.label === null) {
    return {
      summary: `${where} sets a parameter this demo does not have (“${printable(error.field, 40)}”).`,
      detail: printable(error.message),
    };
  }
  return {
    summary: `${where} asks for a setting this demo cannot run: ${error.label} ${error.problem}.`,
    detail: printable(error.message),
  };
}

/** Why a scenario from a link or a file cannot be loaded, with `where` naming it ("This link"). */
export function scenarioProblem(error: unknown, where: string): Problem {
  if (error instanceof ParamError) return parameterProblem(error, where);
  const message = messageOf(error);
  const field = /^scenario\.([a-z]+)/.exec(message)?.[1];
  let summary: string;
  if (/no (server|node|worker|process|participant|client)s? named/.test(message)) {
    summary = `${where} names a node this run does not have.`;
  } else if (field === 'algorithm' || /belongs to the/.test(message)) {
    summary = `${where} is for another demo.`;
  } else if (field === 'version') {
    summary = `${where} was made by a version of the site this page cannot read.`;
  } else if (field === 'actions') {
    summary = `One of the faults or requests in ${where.toLowerCase()} is not one this demo can apply.`;
  } else if (field === 'seed') {
    summary = `${where} has no valid seed, so its run cannot be repeated.`;
  } else if (/ends at event/.test(message)) {
    summary = `${where} points to a moment after its run has ended.`;
  } else if (/drawn time/.test(message)) {
    summary = `${where} gives a time that is not one of its run’s moments.`;
  } else {
    summary = `${where} describes a scenario this demo cannot run.`;
  }
  return { summary, detail: printable(message) };
}

/** Why an action the reader tried was refused. */
export function actionProblem(error: unknown): Problem {
  const message = messageOf(error);
  return { summary: 'That could not be done at this moment of the run.', detail: printable(message) };
}
