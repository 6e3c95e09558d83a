import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import Provider, { errors, type Interaction } from 'oidc-provider';
import { AccountsService } from '../accounts/accounts.service';
import { errorPage, loginPage } from '../pages/pages';
import { INTERACTION_PATH } from '../provider/provider-configuration';
import type { LoginForm } from './login.form';

/** What the browser gets next: a page, or a redirect back into oidc-provider. */
export type InteractionOutcome = { redirectTo: string } | { status: number; html: string };

type Exchange = [req: IncomingMessage, res: ServerResponse];

const WRONG_CREDENTIALS = 'Wrong email or password.';

/**
 * The login (and consent) steps oidc-provider hands over to dev-idp. Each step is bound to its interaction by
 * the interaction cookie, scoped to the interaction's path: a form posted from anywhere else finds no interaction.
 */
@Injectable()
export class InteractionService {
  constructor(
    private readonly provider: Provider,
    private readonly accounts: AccountsService,
  ) {}

  show(...exchange: Exchange): Promise<InteractionOutcome> {
    return this.withInteraction(exchange, async (interaction) => {
      switch (interaction.prompt.name) {
        case 'login':
          return { status: 200, html: await this.loginPage(interaction) };
        case 'consent':
          return { redirectTo: await this.consent(exchange, interaction) };
        default:
          return { status: 400, html: errorPage('Cannot continue', `dev-idp has no page for the "${interaction.prompt.name}" step.`) };
      }
    });
  }

  login(form: LoginForm, ...exchange: Exchange): Promise<InteractionOutcome> {
    return this.withInteraction(exchange, async (interaction) => {
      if (interaction.prompt.name !== 'login') {
        return { status: 400, html: errorPage('Already signed in', 'This sign-in step is complete. Start again from the app.') };
      }
      const user = this.accounts.authenticate(form.email, form.password);
      if (!user) {
        return { status: 401, html: await this.loginPage(interaction, { email: form.email, error: WRONG_CREDENTIALS }) };
      }
      const redirectTo = await this.provider.interactionResult(
        ...exchange,
        { login: { accountId: user.id } },
        { mergeWithLastSubmission: false },
      );
      return { redirectTo };
    });
  }

  /**
   * Every client that can send a user here is first-party (the web BFF and the mobile app), so consent is
   * implied: the grant gets what the request asked for, which oidc-provider has already limited to the
   * client's registered scopes. `offline_access` is among them when asked (with `prompt=consent`), so refresh
   * tokens are issued.
   */
  private async consent(exchange: Exchange, interaction: Interaction): Promise<string> {
    const { details } = interaction.prompt;
    const grant = interaction.grantId
      ? await this.provider.Grant.find(interaction.grantId)
      : new this.provider.Grant({ accountId: interaction.session?.accountId, clientId: String(interaction.params.client_id) });
    if (!grant) throw new errors.SessionNotFound('the grant of this interaction has expired');

    const missingOIDCScope = details.missingOIDCScope as string[] | undefined;
    const missingOIDCClaims = details.missingOIDCClaims as string[] | undefined;
    const missingResourceScopes = details.missingResourceScopes as Record<string, string[]> | undefined;
    if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope);
    if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes);

    const grantId = await grant.save();
    return this.provider.interactionResult(...exchange, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  private async loginPage(interaction: Interaction, entered: { email?: string; error?: string } = {}): Promise<string> {
    const client = await this.provider.Client.find(String(interaction.params.client_id));
    return loginPage({
      action: `${INTERACTION_PATH}/${interaction.uid}/login`,
      clientName: client?.clientName ?? client?.clientId ?? 'an application',
      ...entered,
    });
  }

  /** A missing or expired interaction (cookie gone, step replayed) is the user's to restart, shown as a page. */
  private async withInteraction(
    exchange: Exchange,
    step: (interaction: Interaction) => Promise<InteractionOutcome>,
  ): Promise<InteractionOutcome> {
    try {
      return await step(await this.provider.interactionDetails(...exchange));
    } catch (error) {
      if (!(error instanceof errors.OIDCProviderError)) throw error;
      return {
        status: error.statusCode,
        html: errorPage('Sign-in expired', 'This sign-in request has expired or was already used. Start again from the app.', {
          error: error.error,
          ...(error.error_description && { error_description: error.error_description }),
        }),
      };
    }
  }
}
