import path from 'node:path';
import express from 'express';
import { bootstrap } from '@facet/platform';
import { WebBffModule } from './web-bff.module';

/** The web app's static files sit beside the compiled code (`nest build` assets, `npm run build:stack`). */
const STATIC_DIR = path.join(__dirname, '..', 'public');

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
    app.use(
      express.static(STATIC_DIR, {
        index: 'index.html',
        maxAge: '5m',
        setHeaders: (res) => res.setHeader('X-Content-Type-Options', 'nosniff'),
      }),
    );
  },
});
