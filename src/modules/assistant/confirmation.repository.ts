import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface ConfirmationActor {
  organizationId: string;
  userId: string | null;
  apiKeyId: string | null;
}

export interface StoredConfirmation {
  id: string;
  tool: string;
  input: Record<string, unknown>;
  inputHash: string;
  summary: string;
  expiresAt: Date;
  usedAt: Date | null;
}

const ACTOR_MATCHES = `organization_id = $2
   AND user_id IS NOT DISTINCT FROM $3 AND api_key_id IS NOT DISTINCT FROM $4`;

/** The SQL of assistant confirmations. Every lookup is bound to the actor who was asked. */
@Injectable()
export class ConfirmationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    actor: ConfirmationActor,
    row: {
      tokenHash: string;
      tool: string;
      input: Record<string, unknown>;
      inputHash: string;
      summary: string;
      expiresAt: Date;
    },
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO assistant_confirmation
         (organization_id, user_id, api_key_id, token_hash, tool, input, input_hash, summary, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        actor.organizationId,
        actor.userId,
        actor.apiKeyId,
        row.tokenHash,
        row.tool,
        JSON.stringify(row.input),
        row.inputHash,
        row.summary,
        row.expiresAt,
      ],
    );
  }

  /** The actor's confirmation with this token hash, used or not; null for anyone else's. */
  async find(actor: ConfirmationActor, tokenHash: string): Promise<StoredConfirmation | null> {
    const [row] = await this.dataSource.query<StoredConfirmation[]>(
      `SELECT id, tool, input, input_hash AS "inputHash", summary, expires_at AS "expiresAt",
              used_at AS "usedAt"
         FROM assistant_confirmation WHERE token_hash = $1 AND ${ACTOR_MATCHES}`,
      [tokenHash, actor.organizationId, actor.userId, actor.apiKeyId],
    );
    return row ?? null;
  }

  /**
   * Marks the confirmation used when it is the actor's, for this tool and
   * input, unused and unexpired — atomically, so two concurrent redemptions
   * cannot both succeed. True when this call consumed it.
   */
  async consume(
    actor: ConfirmationActor,
    tokenHash: string,
    tool: string,
    inputHash: string,
  ): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [, affected] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE assistant_confirmation SET used_at = now(), updated_at = now()
        WHERE token_hash = $1 AND ${ACTOR_MATCHES}
          AND tool = $5 AND input_hash = $6 AND used_at IS NULL AND expires_at > now()
        RETURNING id`,
      [tokenHash, actor.organizationId, actor.userId, actor.apiKeyId, tool, inputHash],
    );
    return affected > 0;
  }

  /** Deletes up to `batch` confirmations that expired more than a day ago. */
  async deleteExpired(batch: number): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM assistant_confirmation WHERE id IN (
         SELECT id FROM assistant_confirmation WHERE expires_at < now() - interval '1 day' LIMIT $1)`,
      [batch],
    );
    return result[1];
  }
}
