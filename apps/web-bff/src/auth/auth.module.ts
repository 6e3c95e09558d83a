import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginThrottling } from './login-throttling';

/** The browser's login, logout and "who am I" endpoints over the kit's session auth (libs/auth's WebSessionModule). */
@Module({
  imports: [LoginThrottling],
  controllers: [AuthController],
  providers: [AuthService],
})
export class AuthModule {}
