import { VoiceSession } from './voice-session.entity';
import { VoiceTurn } from './voice-turn.entity';

export const VOICE_ENTITIES = [VoiceSession, VoiceTurn];
