import { NotTrueInProduction, PlatformConfig } from '@facet/platform';
import { Transform, type TransformFnParams } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, Max, Min } from 'class-validator';
import { RESPONSE_BODY_FAULTS, type ResponseBodyFault } from '../faults/response-body-fault';

/**
 * Environment booleans are strings, and implicit conversion would make "false" true: read the raw value.
 * Anything other than true/false/1/0 is passed on unchanged so that validation names the setting.
 */
function envBoolean({ obj, key }: TransformFnParams): unknown {
  const raw: unknown = (obj as Record<string, unknown>)[key];
  if (typeof raw === 'boolean') return raw;
  const text = typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return raw;
}

/** The longest injected latency or jitter, at start-up or through `PUT /__admin/faults`. */
export const MAX_INJECTED_DELAY_MS = 600_000;

/** Settings of an app that runs in the sandbox (the reference world): its admin routes and injected faults. */
export class SandboxConfig extends PlatformConfig {
  /**
   * Serves `/__admin/faults` and `/__admin/stats` (without authentication). Off unless set, so a deployment that
   * forgets the setting cannot be faulted by anyone who reaches it; the local stack and the tests turn it on.
   * Production refuses it.
   */
  @Transform(envBoolean)
  @IsBoolean()
  @NotTrueInProduction()
  SANDBOX: boolean = false;

  @IsInt()
  @Min(0)
  @Max(MAX_INJECTED_DELAY_MS)
  FAULT_LATENCY_MS: number = 0;

  /** A random extra delay between 0 and this, on top of the latency. */
  @IsInt()
  @Min(0)
  @Max(MAX_INJECTED_DELAY_MS)
  FAULT_JITTER_MS: number = 0;

  /** The share of business requests answered `503 INJECTED_FAULT`, from 0 to 1. */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  FAULT_ERROR_RATE: number = 0;

  /** Business requests never answer (until the client gives up). */
  @Transform(envBoolean)
  @IsBoolean()
  FAULT_HANG: boolean = false;

  /** Business requests are answered 200 with a body their callers cannot use (see RESPONSE_BODY_FAULTS). */
  @IsIn(RESPONSE_BODY_FAULTS)
  FAULT_RESPONSE_BODY: ResponseBodyFault = 'intact';
}
