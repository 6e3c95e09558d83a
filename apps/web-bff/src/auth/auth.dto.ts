import { IsJWT, IsString } from 'class-validator';

export class BackchannelLogoutDto {
  @IsString()
  @IsJWT()
  logout_token!: string;
}

export interface UserView {
  authenticated: true;
  user: { id: string; name?: string; email?: string };
  session: { expiresAt: string; absoluteExpiresAt: string };
  logoutUrl: string;
}

export interface LogoutView {
  /** Where the page should send the browser to end the provider's session too (absent if it has none). */
  endSessionUrl?: string;
  postLogoutRedirectUri: string;
}
