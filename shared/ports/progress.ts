/**
 * How far a long piece of work has gone: the step under way and its count. A use case or a
 * command that accepts a {@link ProgressCallback} calls it as it goes; the caller shows it (a
 * progress bar on a terminal, periodic lines otherwise) or ignores it.
 */
export interface ProgressEvent {
  /** What is being done, in French: « Lecture du classeur CBE-LM ». */
  readonly step: string;
  /** Units done within the whole piece of work. */
  readonly done: number;
  /** Units in all, or null when unknown beforehand (rows of an export…). */
  readonly total: number | null;
}

/** Receives progress; must not throw, and should return at once. */
export type ProgressCallback = (event: ProgressEvent) => void;

/** A callback that ignores everything: the default of an optional progress port. */
export const NO_PROGRESS: ProgressCallback = () => undefined;
