import { Module } from '@nestjs/common';
import { OpenApiController, PublishedDocument } from './openapi.controller';

@Module({
  controllers: [OpenApiController],
  providers: [PublishedDocument],
  exports: [PublishedDocument],
})
export class OpenApiModule {}
