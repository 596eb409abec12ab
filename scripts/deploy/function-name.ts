import type { HTTP_FUNCTIONS } from '../../functions/index';

/** A function name of the deployed source (`functions/index.ts`). */
export type FunctionName = (typeof HTTP_FUNCTIONS)[number];
