import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { Downstream } from '../downstream';
import { PassthroughController } from './passthrough.controller';

@Module({
  imports: [AuthModule, Downstream],
  controllers: [PassthroughController],
})
export class PassthroughModule {}
