/*
 * The unit of a deployment: a command run without a shell, and the three ways a step uses
 * commands so that every step can be replayed on a project where it already ran.
 */

/** One command: a program and its arguments, run without a shell. */
export interface Command {
  readonly program: 'npm' | 'gcloud' | 'firebase';
  readonly args: readonly string[];
}

/** One step of the deployment; each kind is safe to run again on a project where it ran. */
export type DeployStep =
  | {
      /** A command that is idempotent by itself (an IAM binding, `functions deploy`…). */
      readonly kind: 'run';
      readonly title: string;
      readonly command: Command;
      readonly hint?: string;
    }
  | {
      /** Creates something only when the probe says it is missing. */
      readonly kind: 'ensure';
      readonly title: string;
      readonly probe: Command;
      readonly create: Command;
      readonly hint?: string;
    }
  | {
      /** Updates something the probe finds, creates it otherwise. */
      readonly kind: 'upsert';
      readonly title: string;
      readonly probe: Command;
      readonly update: Command;
      readonly create: Command;
      readonly hint?: string;
    }
  | {
      /** Removes something an earlier version deployed, only when the probe finds it. */
      readonly kind: 'remove';
      readonly title: string;
      readonly probe: Command;
      readonly remove: Command;
      readonly hint?: string;
    };

/** A gcloud command. */
export function gcloud(...args: string[]): Command {
  return { program: 'gcloud', args };
}

/** Joins KEY=VALUE pairs for gcloud, switching delimiter when a value holds a comma. */
export function keyValueList(pairs: readonly (readonly [string, string])[]): string {
  const joined = pairs.map(([k, v]) => `${k}=${v}`);
  if (!joined.some((p) => p.includes(','))) return joined.join(',');
  const delimiter = ['|', ';', '#', '@'].find((d) => !joined.some((p) => p.includes(d)));
  if (delimiter === undefined) throw new Error('no delimiter left for gcloud key=value list');
  return `^${delimiter}^${joined.join(delimiter)}`;
}

/** Every command of a step, probes included (for checks of the whole plan). */
export function stepCommands(step: DeployStep): Command[] {
  switch (step.kind) {
    case 'run':
      return [step.command];
    case 'ensure':
      return [step.probe, step.create];
    case 'upsert':
      return [step.probe, step.update, step.create];
    case 'remove':
      return [step.probe, step.remove];
  }
}
