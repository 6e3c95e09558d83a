import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** One line of the audit trail: who did what, and how it went. Never a key, a token or a query string. */
export interface AuditRecord {
  partner_id: string | null;
  /** How the caller proved who it is; null when it did not (a refused request is audited too). */
  via: 'api-key' | 'client-credentials' | null;
  /** The API key's id or the OAuth client id. */
  credential_id: string | null;
  method: string;
  /** The route's template (`/v1/orders/:id`), or the path when no route matched. */
  route: string;
  status: number;
  latency_ms: number;
  request_id: string | null;
}

interface AuditedRequest extends Request {
  partner?: { partnerId: string; via: 'api-key' | 'client-credentials'; credentialId: string };
}

/**
 * Writes an AuditRecord for every request once its response is sent (or the connection drops), refused ones
 * included: the partner and credential as the auth guard established them, the route, status and latency.
 */
export function auditTrail(write: (record: AuditRecord) => void): RequestHandler {
  return (req: AuditedRequest, res: Response, next: NextFunction) => {
    const started = performance.now();
    let written = false;
    const record = (): void => {
      if (written) return;
      written = true;
      const partner = req.partner;
      const template: unknown = (req.route as { path?: unknown } | undefined)?.path;
      write({
        partner_id: partner?.partnerId ?? null,
        via: partner?.via ?? null,
        credential_id: partner?.credentialId ?? null,
        method: req.method,
        route: typeof template === 'string' ? `${req.baseUrl}${template}` : req.path,
        status: res.statusCode,
        latency_ms: Math.round((performance.now() - started) * 10) / 10,
        request_id: typeof req.id === 'string' ? req.id : null,
      });
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  };
}
