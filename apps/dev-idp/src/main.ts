import { bootstrap } from '@facet/platform';
import { DevIdpModule } from './dev-idp.module';

// oidc-provider parses its own request bodies. The policy drops two of helmet's defaults: `form-action 'self'`
// (browsers apply it to the redirects after the login and logout forms, which lead to the clients' origins)
// and `upgrade-insecure-requests` (dev-idp is served over plain http).
void bootstrap(DevIdpModule, {
  appName: 'dev-idp',
  parseBodies: false,
  helmet: { contentSecurityPolicy: { directives: { formAction: null, upgradeInsecureRequests: null } } },
});
