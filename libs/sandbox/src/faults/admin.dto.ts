import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { RESPONSE_BODY_FAULTS, type ResponseBodyFault } from './response-body-fault';
import { MAX_INJECTED_DELAY_MS } from '../config/sandbox.config';

/** `PUT /__admin/faults`: a partial update; properties left out keep their value. */
export class UpdateFaultsDto {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_INJECTED_DELAY_MS)
  latencyMs?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_INJECTED_DELAY_MS)
  jitterMs?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  errorRate?: number;

  @IsOptional()
  @IsBoolean()
  hang?: boolean;

  @IsOptional()
  @IsIn(RESPONSE_BODY_FAULTS)
  responseBody?: ResponseBodyFault;
}
