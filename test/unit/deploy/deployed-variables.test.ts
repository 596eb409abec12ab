import { CONFIG_VARIABLES, loadConfig } from '../../../functions/config';
import {
  buildDeployPlan,
  deployedVariables,
  stepCommands,
  type DeployPlan,
} from '../../../scripts/deploy/deploy-plan';

const PROJECT = 'dla-npdc-prod';
const MAIL_FROM = 'DLA Nord – Pas de Calais <alertes@dla-npdc.fr>';

function planOf(options: { mail?: 'gmail' | 'smtp'; idTokens?: boolean }): DeployPlan {
  const planned = buildDeployPlan({
    project: PROJECT,
    region: 'europe-west9',
    mailFrom: MAIL_FROM,
    today: '2026-12-02',
    ...options,
  });
  if (!planned.ok) throw new Error(planned.error.message);
  return planned.value;
}

/** `--set-env-vars` and `--set-secrets` of a function as deployed, parsed back as gcloud reads them. */
function deployedFlags(plan: DeployPlan, name: string): Map<string, string> {
  const deploy = plan.steps
    .flatMap(stepCommands)
    .find((c) => c.args[0] === 'functions' && c.args[1] === 'deploy' && c.args[2] === name);
  if (deploy === undefined) throw new Error(`no deploy of ${name}`);
  const found = new Map<string, string>();
  for (const flag of ['--set-env-vars=', '--set-secrets=']) {
    const arg = deploy.args.find((a) => a.startsWith(flag))?.slice(flag.length) ?? '';
    // gcloud's dict syntax: `^D^` at the start switches the delimiter from the comma to D.
    const custom = /^\^(.)\^/.exec(arg);
    const body = custom ? arg.slice(3) : arg;
    for (const pair of body.split(custom?.[1] ?? ',')) {
      const at = pair.indexOf('=');
      found.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  return found;
}

describe('the deployed variables are exactly the variables loadConfig reads', () => {
  it.each([
    ['gmail', false],
    ['smtp', true],
  ] as const)(
    'with --mail %s and id tokens %s, every config variable is deployed or left out for a stated reason',
    (mail, idTokens) => {
      const plan = planOf({ mail, idTokens });
      const table = deployedVariables({
        project: PROJECT,
        mail,
        mailFrom: MAIL_FROM,
        idTokens,
        schedulerServiceAccount: plan.schedulerServiceAccount,
        functionsBaseUrl: plan.functionsBaseUrl,
        exportBucket: plan.exportBucket,
        maxBodyBytes: 2_000_000,
      });
      expect(Object.keys(table).sort()).toEqual([...CONFIG_VARIABLES].sort());
      for (const name of ['sheetEdit', 'dailyAlerts', 'registerExport']) {
        const flags = deployedFlags(plan, name);
        for (const variable of CONFIG_VARIABLES) {
          const entry = table[variable];
          if (entry.kind === 'omitted') {
            expect(flags.has(variable)).toBe(false);
            expect(entry.reason).toMatch(/^[a-zé].{10,}/u);
          } else {
            expect(flags.get(variable)).toBe(
              entry.kind === 'env' ? entry.value : `${entry.secret}:latest`,
            );
          }
        }
      }
    },
  );

  it('deploys DLA_MAIL_FROM, and the deployed configuration loads with the secrets filled in', () => {
    const flags = deployedFlags(planOf({}), 'dailyAlerts');
    expect(flags.get('DLA_MAIL_FROM')).toBe(MAIL_FROM);
    const env: Record<string, string> = {};
    for (const [variable, value] of flags) env[variable] = value;
    env['DLA_HMAC_SECRETS'] = JSON.stringify({ 'CBE-LM': 'a'.repeat(40) });
    env['DLA_SPREADSHEET_IDS'] = JSON.stringify({ 'CBE-LM': '1AbCdEfGhIjKlMnOpQrStUvWxYz' });
    env['DLA_ALERT_RECIPIENTS'] = JSON.stringify({ c2ra: ['c2ra@cress-npdc.fr'] });
    const config = loadConfig(env);
    if (!config.ok) throw new Error(config.error.message);
    expect(config.value.mail.from).toBe(MAIL_FROM);
    // The sender's mailbox is the delegation subject; the account is the metadata server's.
    expect(config.value.mail.channel).toEqual({
      kind: 'gmail',
      sender: 'alertes@dla-npdc.fr',
      serviceAccount: null,
    });
    expect(config.value.store).toEqual({
      kind: 'firestore',
      projectId: PROJECT,
      emulatorHost: null,
      auditRetentionDays: null,
    });
    expect(config.value.exports).toEqual({
      kind: 'gcs',
      bucket: `${PROJECT}-dla-exports`,
      endpoint: null,
    });
  });

  it('refuses to deploy without a sender, and refuses a malformed one', () => {
    const missing = buildDeployPlan({
      project: PROJECT,
      region: 'europe-west1',
      today: '2026-12-02',
    });
    if (!missing.ok) throw new Error(missing.error.message);
    expect(missing.value.blockers.join('\n')).toContain('Expéditeur des e-mails non choisi');
    expect(
      buildDeployPlan({
        project: PROJECT,
        region: 'europe-west1',
        today: '2026-12-02',
        mailFrom: 'DLA <pas une adresse>',
      }),
    ).toMatchObject({ ok: false, error: { code: 'DEPLOY_MAIL_FROM_INVALID' } });
  });
});
