import fs from 'node:fs/promises';
import path from 'node:path';
import { ok, type Result } from '../../shared/domain/result';
import type { Clock } from '../../shared/ports/clock';
import type { Mailer, OutgoingMail } from '../../shared/ports/mailer';
import { composeMessage } from './mime-message';

/** The local default: each e-mail becomes an `.eml` file of the workspace's `outbox/` folder. */
export class OutboxMailer implements Mailer {
  constructor(
    private readonly dir: string,
    private readonly from: string,
    private readonly clock: Clock,
  ) {}

  /** The file an e-mail is written to: one per key, so writing it again changes nothing. */
  fileOf(mail: OutgoingMail): string {
    return path.join(this.dir, `${mail.key.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`);
  }

  async send(mail: OutgoingMail): Promise<Result<{ messageId: string }>> {
    await fs.mkdir(this.dir, { recursive: true });
    const { raw, messageId } = await composeMessage(mail, this.from, this.clock.now());
    const file = this.fileOf(mail);
    const temp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(temp, raw);
    await fs.rename(temp, file);
    return ok({ messageId });
  }
}
