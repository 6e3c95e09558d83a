import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { bootstrap } from '@facet/platform';
import { WebBffModule } from './web-bff.module';

/** The web app's static files sit beside the compiled code (`nest build` assets, `npm run build:stack`). */
const STATIC_DIR = path.join(__dirname, '..', 'public');
// Case-insensitive like Nest's routing (Express's default): `/API/dashboard` reaches the same handler as `/api/dashboard`.
const NOT_FILES = /^\/(api|auth|health)(\/|$)/i;

void bootstrap(WebBffModule, {
  appName: 'web-bff',
  helmet: {
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'img-src': ["'self'", 'data:', 'https:'],
        'connect-src': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  },
  configure: (app) => {
    const files = express.static(STATIC_DIR, { index: 'index.html', maxAge: '5m', redirect: false });
    // API and auth paths are Nest's alone: the file server must never answer them (not even with a redirect).
    // Their answers are one user's data, or say who is logged in: no cache (browser, proxy or bfcache) keeps them.
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (NOT_FILES.test(req.path)) {
        res.setHeader('Cache-Control', 'no-store');
        next();
      } else void files(req, res, next);
    });
  },
});
