import { spawn } from 'node:child_process';
import path from 'node:path';
import { parisDateOf } from '../../shared/domain/values/french-date';
import {
  DEFAULT_REGION,
  buildDeployPlan,
  commandLine,
  renderPlan,
  type Command,
  type DeployStep,
  type MailChannel,
} from '../deploy/deploy-plan';

/** How a command ended: its exit code, or the program is not installed. */
export type RunOutcome =
  { readonly kind: 'exited'; readonly code: number } | { readonly kind: 'missing' };

/** Runs one command; `quiet` hides its output (the probes of existence). */
export type CommandRunner = (
  command: Command,
  options: { readonly quiet: boolean; readonly cwd: string },
) => Promise<RunOutcome>;

/**
 * A runner that starts each command with child_process, without a shell, its output shown unless
 * quiet. With `env`, the commands get that environment (and are looked up on its PATH); without,
 * they inherit this process's.
 */
export function createSpawnRunner(
  env?: Readonly<Record<string, string | undefined>>,
): CommandRunner {
  return (command, options) =>
    new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: RunOutcome) => {
        if (settled) return;
        settled = true;
        resolve(outcome);
      };
      const child = spawn(command.program, [...command.args], {
        cwd: options.cwd,
        stdio: options.quiet ? 'ignore' : ['ignore', 'inherit', 'inherit'],
        ...(env === undefined ? {} : { env: { ...env } }),
      });
      child.on('error', (error: NodeJS.ErrnoException) =>
        settle(error.code === 'ENOENT' ? { kind: 'missing' } : { kind: 'exited', code: 127 }),
      );
      child.on('close', (code) => settle({ kind: 'exited', code: code ?? 1 }));
    });
}

/** The default runner: commands inherit this process's environment. */
export const spawnRunner: CommandRunner = createSpawnRunner();

/** Where `dla deploy` writes and what it runs (replaced in tests). */
export interface DeployIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly run: CommandRunner;
  readonly now: () => Date;
  /** The project root (`--source=.` is uploaded from there). */
  readonly cwd: string;
}

const defaultIo: DeployIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  run: spawnRunner,
  now: () => new Date(),
  cwd: path.resolve(__dirname, '../..'),
};

/** What to install when a program is missing. */
const INSTALL_HINTS: Readonly<Record<Command['program'], string>> = {
  gcloud:
    'installez Google Cloud CLI (https://cloud.google.com/sdk/docs/install), puis « gcloud auth login »',
  firebase: 'installez Firebase CLI (npm install -g firebase-tools), puis « firebase login »',
  npm: 'installez Node.js 20 ou 22 et npm',
};

/** Options of `dla deploy` as typed. */
export interface DeployCommandOptions {
  readonly project: string;
  readonly region?: string;
  readonly dryRun?: boolean;
  readonly runtime?: string;
  readonly reconcileEvery?: string;
  readonly serviceAccount?: string;
  readonly schedulerServiceAccount?: string;
  readonly buildServiceAccount?: string;
  readonly mail?: string;
  /** The sender of every e-mail (`DLA_MAIL_FROM`). */
  readonly mailFrom?: string;
  readonly idTokens?: boolean;
  readonly exportBucket?: string;
  /** Comma-separated IAM members who may read the exports (`group:c2ra@…,user:…`). */
  readonly exportReaders?: string;
}

/**
 * `dla deploy --project ID [--region europe-west1] [--dry-run]`: builds and deploys every
 * function, the Cloud Scheduler jobs (Europe/Paris), the Firestore rules and indexes and the
 * Secret Manager references. `--dry-run` prints the exact commands and changes nothing; otherwise
 * they run one after the other and the first failure stops everything with a French message.
 */
export async function runDeploy(
  options: DeployCommandOptions,
  io: Partial<DeployIo> = {},
): Promise<number> {
  const { out, err, run, now, cwd } = { ...defaultIo, ...io };
  const reconcileMinutes =
    options.reconcileEvery === undefined ? undefined : Number(options.reconcileEvery);
  if (reconcileMinutes !== undefined && !Number.isInteger(reconcileMinutes)) {
    err(
      `--reconcile-every : nombre entier de minutes attendu, pas « ${options.reconcileEvery} ».\n`,
    );
    return 1;
  }
  if (options.mail !== undefined && options.mail !== 'gmail' && options.mail !== 'smtp') {
    err(`--mail : « gmail » ou « smtp » attendu, pas « ${options.mail} ».\n`);
    return 1;
  }
  const mail: MailChannel | undefined = options.mail;
  const planned = buildDeployPlan({
    project: options.project,
    region: options.region ?? DEFAULT_REGION,
    today: parisDateOf(now()),
    ...(options.runtime === undefined ? {} : { runtime: options.runtime }),
    ...(reconcileMinutes === undefined ? {} : { reconcileMinutes }),
    ...(options.serviceAccount === undefined ? {} : { serviceAccount: options.serviceAccount }),
    ...(options.schedulerServiceAccount === undefined
      ? {}
      : { schedulerServiceAccount: options.schedulerServiceAccount }),
    ...(options.buildServiceAccount === undefined
      ? {}
      : { buildServiceAccount: options.buildServiceAccount }),
    ...(mail === undefined ? {} : { mail }),
    ...(options.mailFrom === undefined ? {} : { mailFrom: options.mailFrom }),
    ...(options.idTokens === true ? { idTokens: true } : {}),
    ...(options.exportBucket === undefined ? {} : { exportBucket: options.exportBucket }),
    ...(options.exportReaders === undefined
      ? {}
      : {
          exportReaders: options.exportReaders
            .split(',')
            .map((member) => member.trim())
            .filter((member) => member !== ''),
        }),
  });
  if (!planned.ok) {
    err(`${planned.error.message}\n`);
    return 1;
  }
  const plan = planned.value;
  if (options.dryRun === true) {
    out(renderPlan(plan));
    out("\n# Simulation (--dry-run) : aucune commande n'a été lancée, rien n'a changé.\n");
    return 0;
  }
  if (plan.blockers.length > 0) {
    for (const blocker of plan.blockers) err(`Déploiement refusé : ${blocker}\n`);
    return 1;
  }
  for (const warning of plan.warnings) err(`Attention : ${warning}\n`);
  for (const [index, step] of plan.steps.entries()) {
    out(`\n[${index + 1}/${plan.steps.length}] ${step.title}\n`);
    const failure = await runStep(step, run, cwd);
    if (failure !== null) {
      err(
        `\nÉchec de l'étape « ${step.title} » : ${failure}${step.hint === undefined ? '' : `\n${step.hint}`}\n` +
          "Rien d'autre n'a été lancé. Les étapes déjà faites se rejouent sans dommage : corrigez, puis relancez « dla deploy ».\n",
      );
      return 1;
    }
  }
  out(
    `\nDéploiement terminé : fonctions sur ${plan.functionsBaseUrl}/<nom>, ${plan.jobs.length} tâche(s) planifiée(s) (Europe/Paris).\n` +
      `Ensuite : partagez chaque classeur Google avec ${plan.serviceAccount} (éditeur), appliquez les mises en page (« dla provision »), installez l'Apps Script dans chaque classeur (README, « Déploiement »), puis lancez « dla doctor ».\n`,
  );
  return 0;
}

/** Runs one step; null when it worked, else why it failed (French). */
async function runStep(step: DeployStep, run: CommandRunner, cwd: string): Promise<string | null> {
  const exec = (command: Command, quiet = false): Promise<RunOutcome> =>
    run(command, { quiet, cwd });
  const explain = (command: Command, outcome: RunOutcome): string | null => {
    if (outcome.kind === 'missing')
      return `la commande « ${command.program} » est introuvable : ${INSTALL_HINTS[command.program]}.`;
    return outcome.code === 0
      ? null
      : `la commande a échoué (code ${outcome.code}) : ${commandLine(command)}`;
  };
  switch (step.kind) {
    case 'run':
      return explain(step.command, await exec(step.command));
    case 'ensure': {
      const probe = await exec(step.probe, true);
      if (probe.kind === 'missing') return explain(step.probe, probe);
      return probe.code === 0 ? null : explain(step.create, await exec(step.create));
    }
    case 'upsert': {
      const probe = await exec(step.probe, true);
      if (probe.kind === 'missing') return explain(step.probe, probe);
      const command = probe.code === 0 ? step.update : step.create;
      return explain(command, await exec(command));
    }
    case 'remove': {
      const probe = await exec(step.probe, true);
      if (probe.kind === 'missing') return explain(step.probe, probe);
      return probe.code === 0 ? explain(step.remove, await exec(step.remove)) : null;
    }
  }
}
