import { Module } from '@nestjs/common';
import { ApiKeysAdmin } from './api-keys.admin';

@Module({ providers: [ApiKeysAdmin] })
export class ApiKeysModule {}
