import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUrl, Matches } from 'class-validator';
import { emptyToUndefined, URL_OPTIONS } from './transforms';

/**
 * OpenTelemetry traces (src/observability/tracing.ts). The SDK reads these
 * standard OTEL_* variables itself, before the application starts; they are
 * declared here so that they are validated and documented like the others.
 */
export class TracingVariables {
  /** Where traces go (OTLP): a collector, Jaeger or Tempo. Unset: no tracing at all. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ ...URL_OPTIONS, protocols: ['http', 'https'] })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** `http/protobuf` (the SDK's default, port 4318), `http/json`, or `grpc` (port 4317). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['http/protobuf', 'http/json', 'grpc'])
  OTEL_EXPORTER_OTLP_PROTOCOL?: 'http/protobuf' | 'http/json' | 'grpc';

  /** Headers on every export, `key=value` pairs separated by commas (an API key, say). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\s*[^=,\s]+\s*=[^,]*(,\s*[^=,\s]+\s*=[^,]*)*$/, {
    message: 'must be key=value pairs separated by commas',
  })
  OTEL_EXPORTER_OTLP_HEADERS?: string;

  /** The traces' service name; default `switchboard-api` or `switchboard-worker`. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OTEL_SERVICE_NAME?: string;
}
