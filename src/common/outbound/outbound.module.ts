import { Global, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { outboundConfig } from '@/config/configuration';
import { OutboundGuard } from './outbound-guard';

/** The outbound-request guard, configured once, available to every module. */
@Global()
@Module({
  providers: [
    {
      provide: OutboundGuard,
      inject: [outboundConfig.KEY],
      useFactory: (config: ConfigType<typeof outboundConfig>) =>
        new OutboundGuard({
          allowedHosts: config.allowedHosts,
          timeoutMs: config.timeoutMs,
          connectTimeoutMs: config.connectTimeoutMs,
        }),
    },
  ],
  exports: [OutboundGuard],
})
export class OutboundModule {}
