/** The time source, injected so that tests and replays control « now ». */
export interface Clock {
  /** The current instant. */
  now(): Date;
}
