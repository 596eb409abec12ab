import { loadConfig, type Config } from '../../../functions/config';
import { exitCodeOf, formatCheck } from '../../../scripts/doctor/doctor-check';
import {
  checkExportBucket,
  type ExportBucketObservation,
} from '../../../scripts/doctor/store-checks';
import { C2RA, OPERATOR_CODES } from '../../../shared/domain/operator';

const PROJECT = 'dla-npdc';
const BUCKET = 'dla-npdc-dla-exports';
const SERVICE_ACCOUNT = `dla-functions@${PROJECT}.iam.gserviceaccount.com`;

/** The environment of the deployed functions, as `dla deploy` sets it. */
const DEPLOYED: Readonly<Record<string, string>> = {
  DLA_STORE: 'firestore',
  GOOGLE_CLOUD_PROJECT: PROJECT,
  DLA_WORKSPACE: '/tmp/dla',
  DLA_HMAC_SECRETS: JSON.stringify(
    Object.fromEntries(
      [C2RA, ...OPERATOR_CODES].map((o) => [o, `secret-${o}-0123456789abcdef0123456789abcdef`]),
    ),
  ),
};
const GCS = { DLA_EXPORTS: 'gcs', DLA_EXPORT_BUCKET: BUCKET };

function config(env: Readonly<Record<string, string>>): Config {
  const result = loadConfig(env);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function failed(code: string, detail: string): ExportBucketObservation {
  return { ok: false, error: { code, message: `message de l’export (${code})`, detail } };
}

const FORBIDDEN_DETAIL = `${SERVICE_ACCOUNT} does not have storage.objects.list access to the Google Cloud Storage bucket.`;

describe('checkExportBucket', () => {
  it.each<[string, Record<string, string>, ExportBucketObservation | null, string[]]>([
    ['a local workspace writing to exports/: nothing to say', {}, null, []],
    [
      'a deployment writing to files: they would vanish with the instance',
      DEPLOYED,
      null,
      [
        '! Exports : DLA_EXPORTS=file : en production, les fonctions écriraient les exports datés sur leur disque temporaire (/tmp), perdu avec l’instance. → choisissez DLA_EXPORTS=gcs et DLA_EXPORT_BUCKET (« dla deploy » crée le bucket et les définit).',
      ],
    ],
    [
      'the bucket answers, exports already written',
      { ...DEPLOYED, ...GCS },
      { ok: true, value: { objects: 12, more: false } },
      [`✓ Exports : bucket gs://${BUCKET} joignable (12 export(s)).`],
    ],
    [
      'the bucket answers, nothing exported yet (a fresh deployment)',
      { ...DEPLOYED, ...GCS },
      { ok: true, value: { objects: 0, more: false } },
      [`✓ Exports : bucket gs://${BUCKET} joignable (0 export(s)).`],
    ],
    [
      'the bucket answers with more objects than one page',
      { ...DEPLOYED, ...GCS },
      { ok: true, value: { objects: 1000, more: true } },
      [`✓ Exports : bucket gs://${BUCKET} joignable (plus de 1000 exports).`],
    ],
    [
      'a local workspace exporting to a test server names the server',
      { ...GCS, DLA_STORAGE_ENDPOINT: 'http://127.0.0.1:4443' },
      { ok: true, value: { objects: 2, more: false } },
      [
        `✓ Exports : bucket gs://${BUCKET} (serveur http://127.0.0.1:4443) joignable (2 export(s)).`,
      ],
    ],
    [
      'the functions account lost its role on the bucket',
      { ...DEPLOYED, ...GCS },
      failed('EXPORT_STORAGE_FORBIDDEN', FORBIDDEN_DETAIL),
      [
        `✗ Exports : Cloud Storage refuse l’accès au bucket gs://${BUCKET} (${FORBIDDEN_DETAIL}) : les exports planifiés y échoueraient. → donnez au compte des fonctions ${SERVICE_ACCOUNT} le rôle roles/storage.objectAdmin sur ce bucket (relancez « dla deploy », qui le lui donne).`,
      ],
    ],
    [
      'the bucket was deleted or DLA_EXPORT_BUCKET is misspelt',
      { ...DEPLOYED, ...GCS },
      failed('EXPORT_BUCKET_NOT_FOUND', 'The specified bucket does not exist.'),
      [
        `✗ Exports : bucket gs://${BUCKET} introuvable : les exports planifiés échoueraient. → créez-le ou corrigez DLA_EXPORT_BUCKET (« dla deploy » le crée).`,
      ],
    ],
    [
      'Cloud Storage does not answer in time',
      { ...DEPLOYED, ...GCS },
      failed('EXPORT_STORAGE_UNAVAILABLE', 'pas de réponse en 60 s'),
      [
        `✗ Exports : bucket gs://${BUCKET} injoignable (pas de réponse en 60 s). → réessayez ; vérifiez la connexion et vos identifiants Google (gcloud auth application-default login).`,
      ],
    ],
    [
      'a failure the doctor does not know keeps the sink’s own message',
      { ...DEPLOYED, ...GCS },
      failed('EXPORT_SOMETHING_NEW', 'boom'),
      [
        '✗ Exports : message de l’export (EXPORT_SOMETHING_NEW) → relancez « dla doctor » ; si cela persiste, consultez les journaux.',
      ],
    ],
  ])('%s', (_, env, observed, expected) => {
    const checks = checkExportBucket(config(env), observed, SERVICE_ACCOUNT);
    expect(checks.map(formatCheck)).toEqual(expected);
    expect(exitCodeOf(checks)).toBe(expected.every((l) => l.startsWith('✓ ')) ? 0 : 1);
  });

  it('names no account when the doctor does not know it', () => {
    const [line] = checkExportBucket(
      config({ ...DEPLOYED, ...GCS }),
      failed('EXPORT_STORAGE_FORBIDDEN', 'Forbidden'),
    ).map(formatCheck);
    expect(line).toContain('→ donnez au compte des fonctions le rôle roles/storage.objectAdmin');
  });

  it('is a bug to judge a Cloud Storage configuration without probing its bucket', () => {
    expect(() => checkExportBucket(config({ ...DEPLOYED, ...GCS }), null)).toThrow(
      'export bucket was not probed',
    );
  });
});
