/** The checks of the store and of the bucket of exports. */
import type {
  ExportBucketContents,
  ExportBucketProbeError,
} from '../../functions/adapters/gcs-export-sink';
import type { Config } from '../../functions/config';
import type { Result } from '../../shared/domain/result';
import { check, type DoctorCheck } from './doctor-check';

/** What the command saw of the store. */
export type StoreObservation =
  | { readonly kind: 'reachable' }
  | { readonly kind: 'missing'; readonly path: string }
  | { readonly kind: 'unreachable'; readonly reason: string };

/** The store answers. */
export function checkStore(config: Config, observed: StoreObservation): DoctorCheck {
  const topic = 'Base de données';
  const name =
    config.store.kind === 'sqlite'
      ? `SQLite ${config.store.path}`
      : `Firestore, projet ${config.store.projectId}${config.store.emulatorHost === null ? '' : ` (émulateur ${config.store.emulatorHost})`}`;
  switch (observed.kind) {
    case 'reachable':
      return check('ok', topic, `${name} répond.`);
    case 'missing':
      return check(
        'fail',
        topic,
        `base locale absente (${observed.path}).`,
        'lancez « dla init » dans ce dossier de travail.',
      );
    case 'unreachable':
      return check(
        'fail',
        topic,
        `${name} ne répond pas (${observed.reason}).`,
        config.store.kind === 'sqlite'
          ? 'vérifiez que le fichier est lisible et qu’aucun autre programme ne le verrouille.'
          : 'vérifiez GOOGLE_CLOUD_PROJECT, que la base Firestore existe (dla deploy la crée) et vos identifiants (gcloud auth application-default login).',
      );
  }
}

/** What the command saw of the export bucket: the listing of `exports/`, or why it failed. */
export type ExportBucketObservation = Result<ExportBucketContents, ExportBucketProbeError>;

/**
 * Where the dated exports go. With DLA_EXPORTS=gcs the bucket must answer (`observed` is the
 * probe's result); with DLA_EXPORTS=file a Firestore deployment is warned that its functions would
 * write them to /tmp, and a local workspace gets no line (`observed` is then not looked at).
 */
export function checkExportBucket(
  config: Config,
  observed: ExportBucketObservation | null,
  serviceAccount: string | null = null,
): DoctorCheck[] {
  const topic = 'Exports';
  const target = config.exports;
  if (target.kind === 'file') {
    return config.store.kind === 'firestore'
      ? [
          check(
            'warn',
            topic,
            'DLA_EXPORTS=file : en production, les fonctions écriraient les exports datés sur leur disque temporaire (/tmp), perdu avec l’instance.',
            'choisissez DLA_EXPORTS=gcs et DLA_EXPORT_BUCKET (« dla deploy » crée le bucket et les définit).',
          ),
        ]
      : [];
  }
  if (observed === null) throw new Error('DLA_EXPORTS=gcs: the export bucket was not probed');
  const bucket = `gs://${target.bucket}${target.endpoint === null ? '' : ` (serveur ${target.endpoint})`}`;
  if (observed.ok) {
    const { objects, more } = observed.value;
    return [
      check(
        'ok',
        topic,
        `bucket ${bucket} joignable (${more ? `plus de ${objects} exports` : `${objects} export(s)`}).`,
      ),
    ];
  }
  const { code, detail } = observed.error;
  switch (code) {
    case 'EXPORT_STORAGE_FORBIDDEN':
      return [
        check(
          'fail',
          topic,
          `Cloud Storage refuse l’accès au bucket ${bucket} (${detail}) : les exports planifiés y échoueraient.`,
          `donnez au compte des fonctions${serviceAccount === null ? '' : ` ${serviceAccount}`} le rôle roles/storage.objectAdmin sur ce bucket (relancez « dla deploy », qui le lui donne).`,
        ),
      ];
    case 'EXPORT_BUCKET_NOT_FOUND':
      return [
        check(
          'fail',
          topic,
          `bucket ${bucket} introuvable : les exports planifiés échoueraient.`,
          'créez-le ou corrigez DLA_EXPORT_BUCKET (« dla deploy » le crée).',
        ),
      ];
    case 'EXPORT_STORAGE_UNAVAILABLE':
      return [
        check(
          'fail',
          topic,
          `bucket ${bucket} injoignable (${detail}).`,
          'réessayez ; vérifiez la connexion et vos identifiants Google (gcloud auth application-default login).',
        ),
      ];
    default:
      return [
        check(
          'fail',
          topic,
          observed.error.message,
          'relancez « dla doctor » ; si cela persiste, consultez les journaux.',
        ),
      ];
  }
}
