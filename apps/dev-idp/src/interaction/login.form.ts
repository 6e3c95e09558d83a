import { IsString, MaxLength } from 'class-validator';

/** The login page's form. Any string is accepted: a wrong one is answered on the page, not with a 400. */
export class LoginForm {
  @IsString()
  @MaxLength(320)
  email: string;

  @IsString()
  @MaxLength(1024)
  password: string;
}
