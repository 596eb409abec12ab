import type { IsoDate } from '../../shared/domain/values/french-date';
import type { DeployStep } from './deploy-step';
import type { MailChannel, SecretReference } from './deployed-variables';
import type { ScheduledJob } from './scheduled-jobs';

/** What `dla deploy` was asked for. */
export interface DeployOptions {
  readonly project: string;
  readonly region: string;
  readonly runtime?: string;
  readonly reconcileMinutes?: number;
  /** The functions' identity (default `dla-functions@PROJECT.iam.gserviceaccount.com`). */
  readonly serviceAccount?: string;
  /** Cloud Scheduler's identity (default `dla-scheduler@PROJECT.iam.gserviceaccount.com`). */
  readonly schedulerServiceAccount?: string;
  /** The identity of the functions' builds (default `dla-build@PROJECT.iam.gserviceaccount.com`). */
  readonly buildServiceAccount?: string;
  readonly mail?: MailChannel;
  /** The sender of every e-mail, `Nom <adresse>` (`DLA_MAIL_FROM`). */
  readonly mailFrom?: string;
  /** Also accept the Apps Script's Google identity tokens (audience and allowed users as secrets). */
  readonly idTokens?: boolean;
  /** The Cloud Storage bucket of the exports (default `PROJECT-dla-exports`). */
  readonly exportBucket?: string;
  /**
   * Who may read the exports (the C2RA, finance, funders): IAM members `group:…`, `user:…` or
   * `domain:…`, given `roles/storage.objectViewer` on the export bucket only.
   */
  readonly exportReaders?: readonly string[];
  /** Today (Paris), to compare with the runtime's decommission date. */
  readonly today: IsoDate;
}

/** Everything `dla deploy` will do. */
export interface DeployPlan {
  readonly project: string;
  readonly region: string;
  readonly runtime: string;
  readonly serviceAccount: string;
  readonly schedulerServiceAccount: string;
  readonly buildServiceAccount: string;
  readonly functionsBaseUrl: string;
  /** The bucket where the functions write the dated exports (`DLA_EXPORT_BUCKET`). */
  readonly exportBucket: string;
  readonly secrets: readonly SecretReference[];
  readonly jobs: readonly ScheduledJob[];
  readonly steps: readonly DeployStep[];
  /** French warnings printed before the commands. */
  readonly warnings: readonly string[];
  /** French reasons that make the real deployment refuse to start (the plan is still printed). */
  readonly blockers: readonly string[];
}
