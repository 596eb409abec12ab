import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { HTTP_FUNCTIONS } from '../functions/index';

/** A running local functions server. */
export interface FunctionsServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves every HTTP function of `functions/` on one port, each at `/<functionName>` (e.g.
 * `/sheetEdit`), with the same handlers the Functions Framework runs alone with `--target`.
 * Bodies over `maxBodyBytes` are refused with 413 before they are parsed.
 */
export async function serveFunctions(
  port: number,
  maxBodyBytes: number,
  host = '127.0.0.1',
): Promise<FunctionsServer> {
  const handlers = new Map(HTTP_FUNCTIONS.map((name) => [name as string, getTestServer(name)]));
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const name = url.pathname.split('/')[1] ?? '';
    const target = handlers.get(name);
    if (!target) {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
      res.end(
        JSON.stringify({
          error: {
            code: 'FUNCTION_UNKNOWN',
            message: `Fonction inconnue : ${HTTP_FUNCTIONS.join(', ')}.`,
          },
        }),
      );
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) {
      res.writeHead(413, {
        'content-type': 'application/json; charset=utf-8',
        connection: 'close',
      });
      res.end(
        JSON.stringify({
          error: { code: 'PAYLOAD_TOO_LARGE', message: 'Requête trop volumineuse.' },
        }),
      );
      req.resume();
      return;
    }
    req.url = `/${url.pathname.split('/').slice(2).join('/')}${url.search}`;
    target.emit('request', req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
