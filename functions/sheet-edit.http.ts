import { http, type Request, type Response } from '@google-cloud/functions-framework';
import { formatZodError } from '../shared/domain/field-spec';
import { applySheetEdit } from '../shared/use-cases/apply-sheet-edit';
import { sheetEditEventSchema } from '../shared/use-cases/sheet-edit-event';
import {
  isObject,
  withAuthentication,
  type AuthenticationPolicy,
} from './auth/with-authentication';
import { appContext } from './composition-root';
import { ownerOfSpreadsheet } from './config';
import { sendError, withErrorBoundary } from './http-response';

/** `sheetEdit`: one edit of a spreadsheet, validated and stored; answers the cells to write back. */
export async function sheetEdit(req: Request, res: Response): Promise<void> {
  if (req.method !== 'POST') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Utilisez POST.');
  const context = appContext();
  if ((req.rawBody?.length ?? 0) > context.config.maxBodyBytes) {
    return sendError(
      res,
      413,
      'PAYLOAD_TOO_LARGE',
      'Modification trop volumineuse : collez moins de lignes à la fois.',
    );
  }
  const parsed = sheetEditEventSchema.safeParse(req.body);
  if (!parsed.success) return sendError(res, 400, 'PAYLOAD_INVALID', formatZodError(parsed.error));
  const owner = ownerOfSpreadsheet(context.config, parsed.data.spreadsheetId);
  if (!owner) return sendError(res, 403, 'SPREADSHEET_UNKNOWN', 'Classeur inconnu du système.');
  const result = await applySheetEdit(context, owner, parsed.data);
  if (!result.ok) return sendError(res, 422, result.error.code, result.error.message);
  res.status(200).json(result.value);
}

/** Only the spreadsheet the edit comes from may send it. */
const policy: AuthenticationPolicy = {
  allowScheduler: false,
  target: (body, config) =>
    isObject(body) && typeof body['spreadsheetId'] === 'string'
      ? ownerOfSpreadsheet(config, body['spreadsheetId'])
      : null,
};

http(
  'sheetEdit',
  withErrorBoundary('sheetEdit', withAuthentication('sheetEdit', policy, sheetEdit)),
);
