import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OrganizationSettingsService } from '@/modules/organizations/organization-settings.service';
import { RedactableSegment, redactTranscript } from './transcript-redaction';

export interface RedactedTranscript<T> {
  transcript: T[];
  redactions: number;
}

/**
 * The one gate every transcript passes before it is stored or sent to a
 * model (importCall today, Twilio transcripts next): redacts it when the
 * organization's `redactTranscripts` is on (the default).
 */
@Injectable()
export class TranscriptRedactor {
  constructor(private readonly settings: OrganizationSettingsService) {}

  async redact<T extends RedactableSegment>(
    organizationId: string,
    transcript: readonly T[],
    manager?: EntityManager,
  ): Promise<RedactedTranscript<T>> {
    if (!(await this.settings.redactsTranscripts(organizationId, manager))) {
      return { transcript: [...transcript], redactions: 0 };
    }
    const result = redactTranscript(transcript);
    return { transcript: result.segments, redactions: result.redactions };
  }
}
