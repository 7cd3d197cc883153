import { Module } from '@nestjs/common';
import { UsersModule } from '@/modules/users/users.module';
import { AttendeeResolver, CalendarResolver } from './calendar.resolver';
import { CalendarModule } from './calendar.module';
import { GoogleOAuthController } from './google/google-oauth.controller';

/** The calendar over GraphQL and the Google OAuth callback (api side). */
@Module({
  imports: [CalendarModule, UsersModule],
  controllers: [GoogleOAuthController],
  providers: [CalendarResolver, AttendeeResolver],
})
export class CalendarApiModule {}
