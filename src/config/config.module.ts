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
      // Tests see only the environment their setup gives them, never a developer's .env.
      ignoreEnvFile: process.env.NODE_ENV === 'test',
      load: ALL_CONFIGS,
      validate: (raw) => {
        validateEnvironment(raw);
        return raw;
      },
    }),
  ],
})
export class AppConfigModule {}
