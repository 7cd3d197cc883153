import { FieldError } from '@/common/errors/domain-errors';
import { Speaker } from '../calls.enums';

interface SegmentLike {
  speaker: Speaker;
  text: string;
  startSec: number;
  endSec: number;
}

/**
 * A transcript must be in time order (by start), each segment must end no
 * earlier than it starts, and one speaker's segments must not overlap each
 * other (the two speakers may talk over each other: that is an interruption).
 */
export function transcriptErrors(segments: readonly SegmentLike[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  const lastEnd: Partial<Record<Speaker, number>> = {};
  let previousStart = -Infinity;
  segments.forEach((segment, index) => {
    const at = `${path}.${index}`;
    if (segment.text.trim().length === 0) {
      errors.push({ path: `${at}.text`, message: 'must not be blank' });
    }
    if (segment.endSec < segment.startSec) {
      errors.push({ path: `${at}.endSec`, message: 'must not be before startSec' });
    }
    if (segment.startSec < previousStart) {
      errors.push({ path: `${at}.startSec`, message: 'segments must be in time order' });
    }
    const speakerEnd = lastEnd[segment.speaker];
    if (speakerEnd !== undefined && segment.startSec < speakerEnd) {
      errors.push({
        path: `${at}.startSec`,
        message: `overlaps the previous ${segment.speaker} segment (which ends at ${speakerEnd})`,
      });
    }
    previousStart = Math.max(previousStart, segment.startSec);
    lastEnd[segment.speaker] = Math.max(speakerEnd ?? -Infinity, segment.endSec);
  });
  return errors;
}
