import { Module } from '@nestjs/common';
import { PassthroughController } from './passthrough.controller';

@Module({
  controllers: [PassthroughController],
})
export class PassthroughModule {}
