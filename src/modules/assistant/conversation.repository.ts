import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AssistantChannel, ConversationMemory } from './assistant-types';
import type { ConfirmationActor } from './confirmation.repository';

/** The SQL of assistant conversations; a conversation is readable only by the actor who owns it. */
@Injectable()
export class ConversationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The actor's conversation when it exists and had a turn within `ttlMinutes`; else null. */
  async findLive(
    actor: ConfirmationActor,
    id: string,
    ttlMinutes: number,
  ): Promise<{ id: string; memory: ConversationMemory } | null> {
    const [row] = await this.dataSource.query<Array<{ id: string; memory: ConversationMemory }>>(
      `SELECT id, memory FROM assistant_conversation
        WHERE id = $1 AND organization_id = $2
          AND user_id IS NOT DISTINCT FROM $3 AND api_key_id IS NOT DISTINCT FROM $4
          AND updated_at > now() - make_interval(mins => $5)`,
      [id, actor.organizationId, actor.userId, actor.apiKeyId, ttlMinutes],
    );
    return row ?? null;
  }

  async create(actor: ConfirmationActor, channel: AssistantChannel): Promise<string> {
    const [row] = await this.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO assistant_conversation (organization_id, user_id, api_key_id, channel)
       VALUES ($1, $2, $3, $4) RETURNING id`,
      [actor.organizationId, actor.userId, actor.apiKeyId, channel],
    );
    return row.id;
  }

  /**
   * A new conversation written once, with its memory, at the end of its
   * first turn (its id minted by the engine): one statement instead of an
   * INSERT before the turn and an UPDATE after it.
   */
  async insertWithMemory(
    actor: ConfirmationActor,
    id: string,
    channel: AssistantChannel,
    memory: ConversationMemory,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO assistant_conversation (id, organization_id, user_id, api_key_id, channel, memory)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, actor.organizationId, actor.userId, actor.apiKeyId, channel, JSON.stringify(memory)],
    );
  }

  async saveMemory(organizationId: string, id: string, memory: ConversationMemory): Promise<void> {
    await this.dataSource.query(
      `UPDATE assistant_conversation SET memory = $3, updated_at = now()
        WHERE id = $1 AND organization_id = $2`,
      [id, organizationId, JSON.stringify(memory)],
    );
  }

  /** Deletes up to `batch` conversations idle for more than `ttlMinutes` (runs keep their id as null). */
  async deleteIdle(ttlMinutes: number, batch: number): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM assistant_conversation WHERE id IN (
         SELECT id FROM assistant_conversation
          WHERE updated_at < now() - make_interval(mins => $1) LIMIT $2)`,
      [ttlMinutes, batch],
    );
    return result[1];
  }
}
