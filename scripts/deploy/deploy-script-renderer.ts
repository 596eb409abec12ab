import type { Command, DeployStep } from './deploy-step';
import { EU_REGIONS } from './deploy-targets';
import type { DeployPlan } from './deploy-plan-model';

/*
 * The plan as a POSIX shell script with the same meaning (`dla deploy --dry-run`): what is printed
 * is what runs, and a test runs every printed gcloud command through gcloud's own parser.
 */

/** Quotes an argument for a POSIX shell when it needs it. */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A command as one shell line. */
export function commandLine(command: Command): string {
  return [command.program, ...command.args].map(shellQuote).join(' ');
}

/** A step as the shell lines that do the same thing. */
export function stepLines(step: DeployStep): string[] {
  const comment = `# ${step.title}`;
  switch (step.kind) {
    case 'run':
      return [comment, commandLine(step.command)];
    case 'ensure':
      return [comment, `${commandLine(step.probe)} >/dev/null 2>&1 || ${commandLine(step.create)}`];
    case 'upsert':
      return [
        comment,
        `if ${commandLine(step.probe)} >/dev/null 2>&1; then`,
        `  ${commandLine(step.update)}`,
        'else',
        `  ${commandLine(step.create)}`,
        'fi',
      ];
    case 'remove':
      return [
        comment,
        `if ${commandLine(step.probe)} >/dev/null 2>&1; then`,
        `  ${commandLine(step.remove)}`,
        'fi',
      ];
  }
}

/** The whole plan as a shell script: the exact commands `dla deploy` runs, in order. */
export function renderPlan(plan: DeployPlan): string {
  const lines = [
    '#!/bin/sh',
    `# dla deploy — projet ${plan.project}, région ${plan.region} (${EU_REGIONS[plan.region] ?? ''}), ${plan.runtime}`,
    `# Fonctions : ${plan.functionsBaseUrl}/<nom> ; identité ${plan.serviceAccount} ; planificateur ${plan.schedulerServiceAccount} ; construction ${plan.buildServiceAccount}`,
    `# Exports datés : gs://${plan.exportBucket}/exports/`,
    `# Secrets (références Secret Manager, jamais de valeur) : ${plan.secrets.map((s) => `${s.variable}=${s.secret}:latest`).join(', ')}`,
    ...plan.warnings.map((w) => `# ! ${w}`),
    ...plan.blockers.map((b) => `# ✗ ${b}`),
    'set -e',
  ];
  for (const step of plan.steps) lines.push('', ...stepLines(step));
  return `${lines.join('\n')}\n`;
}
