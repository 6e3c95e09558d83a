import { randomBytes } from 'node:crypto';
import { ReadinessRegistry } from '@facet/platform';
import { Logger, Module } from '@nestjs/common';
import Provider from 'oidc-provider';
import { AccountsModule } from '../accounts/accounts.module';
import { AccountsService } from '../accounts/accounts.service';
import { DevIdpConfig } from '../dev-idp.config';
import { OidcProviderMiddleware } from './oidc-provider.middleware';
import { providerConfiguration } from './provider-configuration';
import { generateSigningKeys } from './signing-keys';
import { TOKEN_EXCHANGE_GRANT, TOKEN_EXCHANGE_PARAMETERS, tokenExchangeGrant } from './token-exchange.grant';

async function createOidcProvider(config: DevIdpConfig, accounts: AccountsService, readiness: ReadinessRegistry): Promise<Provider> {
  const jwks = await generateSigningKeys();
  const provider = new Provider(
    config.OIDC_ISSUER_URL,
    providerConfiguration({
      config,
      jwks,
      cookieKeys: [randomBytes(32).toString('base64url')],
      findAccount: (_ctx, accountId) => accounts.findAccount(accountId),
    }),
  );

  provider.registerGrantType(TOKEN_EXCHANGE_GRANT, tokenExchangeGrant(config, jwks), TOKEN_EXCHANGE_PARAMETERS);

  // oidc-provider answers errors itself; without these, failures it does not show a client would go unseen.
  const logger = new Logger('OidcProvider');
  provider.on('server_error', (_ctx, error) => logger.error(error.stack ?? error.message));
  provider.on('backchannel.error', (_ctx, error, client) =>
    logger.warn(`back-channel logout to ${client.clientId} failed: ${error.message}`),
  );

  // Ready when the issuer URL serves the signing keys: proves the keys, the provider's mount, and that
  // OIDC_ISSUER_URL leads to this process (relying parties fetch the keys from there).
  const jwksUri = provider.urlFor('jwks');
  readiness.register('oidc-provider', async () => {
    const response = await fetch(jwksUri).catch((error: Error) => {
      throw new Error(`${jwksUri} unreachable (is OIDC_ISSUER_URL this process?): ${error.message}`);
    });
    const body = response.ok ? ((await response.json()) as { keys?: unknown[] }) : {};
    if (!body.keys?.length) throw new Error(`${jwksUri} answered ${response.status} without signing keys`);
  });
  return provider;
}

/** oidc-provider itself: configured from dev-idp's settings, accounts and start-up keys, and mounted into Nest. */
@Module({
  imports: [AccountsModule],
  providers: [
    { provide: Provider, inject: [DevIdpConfig, AccountsService, ReadinessRegistry], useFactory: createOidcProvider },
    OidcProviderMiddleware,
  ],
  exports: [Provider, OidcProviderMiddleware],
})
export class OidcProviderModule {}
