import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ALL_CONFIGS } from './configuration';
import { validateEnvironment } from './environment';

@Global()
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      envFilePath: ['.env'],
      load: ALL_CONFIGS,
      validate: (raw) => {
        validateEnvironment(raw);
        return raw;
      },
    }),
  ],
})
export class AppConfigModule {}
