import { Injectable, type NestMiddleware, PayloadTooLargeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** A login form is a few hundred bytes. */
export const FORM_LIMIT_BYTES = 16 * 1024;

async function readText(req: Request, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > limit) throw new PayloadTooLargeException(`A form is at most ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Parses the login page's urlencoded form. The app leaves bodies unparsed (oidc-provider reads its own), so the
 * interaction routes, and only they, get this parser.
 */
@Injectable()
export class FormBodyMiddleware implements NestMiddleware {
  async use(req: Request, _res: Response, next: NextFunction): Promise<void> {
    if (!req.is('application/x-www-form-urlencoded')) return next();
    try {
      req.body = Object.fromEntries(new URLSearchParams(await readText(req, FORM_LIMIT_BYTES)));
      next();
    } catch (error) {
      next(error);
    }
  }
}
