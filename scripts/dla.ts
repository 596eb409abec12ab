#!/usr/bin/env -S npx tsx
// The `dla` command line: a local workspace of .xlsx workbooks and an embedded store, using the
// same use cases as the cloud functions. Exit codes: 0 ran, 1 could not run, 2 bad usage.
import { CANNOT_RUN, cannotRun, jsonFailure, setJsonOutput } from './cli/command-output';
import { buildDlaProgram } from './cli/dla-program';
import {
  CommanderError,
  EXIT_CODES,
  exitCodeOfCommanderError,
  frenchCommanderMessage,
} from './cli/french-commander';

/** Runs `dla` on a command line (`process.argv`) and gives its exit code. */
export async function runDla(argv: readonly string[]): Promise<number> {
  const json = argv.slice(2).includes('--json');
  setJsonOutput(json);
  process.exitCode = undefined;
  try {
    await buildDlaProgram({ quietErrors: json }).parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_CODES.ran;
  } catch (error) {
    if (error instanceof CommanderError) {
      const code = exitCodeOfCommanderError(error);
      if (json && code !== EXIT_CODES.ran) {
        const message = frenchCommanderMessage(error.message)
          .replace(/^erreur : /, '')
          .trim();
        process.stdout.write(jsonFailure('USAGE_INVALID', message));
      }
      return code;
    }
    return cannotRun(
      `Erreur inattendue : ${error instanceof Error ? error.message : String(error)}`,
      CANNOT_RUN,
    );
  }
}

void runDla(process.argv).then((code) => {
  process.exitCode = code;
});
