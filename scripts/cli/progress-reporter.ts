/**
 * Progress of a long command on stderr: a bar with counts and the remaining time (cli-progress)
 * on a terminal; plain periodic lines when stderr is not a terminal or with `--json`. stdout is
 * never touched, so that JSON output stays JSON.
 *
 * @packageDocumentation
 */
import { SingleBar } from 'cli-progress';
import type { ProgressCallback, ProgressEvent } from '../../shared/ports/progress';

/** Where progress goes (process.stderr, or a test's stream). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** A progress display for one command. */
export interface ProgressReporter {
  /** Give this to the work. */
  readonly report: ProgressCallback;
  /** Ends the display (the bar stays, complete or not); gives the time since creation, in ms. */
  stop(): number;
}

const FRENCH_SECONDS = new Intl.NumberFormat('fr-FR', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** « 0,4 s », « 12,0 s », « 2 min 05 s », « 1 h 02 min ». */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 60) return `${FRENCH_SECONDS.format(seconds)} s`;
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min ${String(whole % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** « Lecture du classeur CBE-LM : 3/8 (37 %) » */
export function progressLine(event: ProgressEvent): string {
  if (event.total === null || event.total <= 0) return `${event.step} : ${event.done}`;
  const percent = Math.floor((100 * Math.min(event.done, event.total)) / event.total);
  return `${event.step} : ${event.done}/${event.total} (${percent} %)`;
}

/** A display that shows nothing (quiet commands, tests). */
export function silentProgress(now: () => number = Date.now): ProgressReporter {
  const started = now();
  return { report: () => undefined, stop: () => now() - started };
}

function barReporter(stream: ProgressStream, now: () => number): ProgressReporter {
  const started = now();
  const bar = new SingleBar({
    format: '{step} [{bar}] {value}/{total} | reste {eta_formatted}',
    stream: stream as NodeJS.WritableStream,
    hideCursor: true,
    etaBuffer: 20,
    barsize: 30,
    barCompleteChar: '█',
    barIncompleteChar: '░',
  });
  let running = false;
  return {
    report: (event) => {
      const total = event.total ?? Math.max(event.done, 1);
      if (!running) {
        bar.start(total, event.done, { step: event.step });
        running = true;
        return;
      }
      bar.setTotal(total);
      bar.update(event.done, { step: event.step });
    },
    stop: () => {
      if (running) bar.stop();
      running = false;
      return now() - started;
    },
  };
}

function lineReporter(
  stream: ProgressStream,
  now: () => number,
  everyMs: number,
): ProgressReporter {
  const started = now();
  let lastAt = -Infinity;
  let lastStep = '';
  let last: ProgressEvent | null = null;
  let printed: ProgressEvent | null = null;
  const print = (event: ProgressEvent): void => {
    stream.write(`${progressLine(event)}\n`);
    lastAt = now();
    printed = event;
  };
  return {
    report: (event) => {
      last = event;
      const newStep = event.step !== lastStep;
      lastStep = event.step;
      if (newStep || now() - lastAt >= everyMs) print(event);
    },
    stop: () => {
      // The last state is always shown once, so that the log ends on where the work stopped.
      if (last !== null && last !== printed) print(last);
      return now() - started;
    },
  };
}

/**
 * The progress display of a command: a bar on a terminal, else (or with `json`) one line per
 * step and at most one every `everyMs` within a step.
 */
export function createProgressReporter(
  options: {
    json?: boolean;
    stream?: ProgressStream;
    now?: () => number;
    everyMs?: number;
  } = {},
): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  if (stream.isTTY === true && options.json !== true) return barReporter(stream, now);
  return lineReporter(stream, now, options.everyMs ?? 2000);
}
