import { Module } from '@nestjs/common';
import { PlatformModule } from '@facet/platform';
import { AuthModule } from './auth/auth.module';
import { WebBffConfig } from './web-bff.config';

@Module({
  imports: [PlatformModule.forRoot({ appName: 'web-bff', config: WebBffConfig }), AuthModule],
})
export class WebBffModule {}
