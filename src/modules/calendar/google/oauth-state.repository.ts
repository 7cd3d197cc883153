import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Used OAuth states (`oauth_state_use`): a state is accepted once. */
@Injectable()
export class OAuthStateRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Uses up a state: true the first time, false when it was already used.
   * Expired uses are pruned on the way (a state past its expiry is refused
   * by its signature check anyway).
   */
  async consume(stateId: string, expiresAt: Date): Promise<boolean> {
    await this.dataSource.query('DELETE FROM oauth_state_use WHERE expires_at < now()');
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO oauth_state_use (state_id, expires_at) VALUES ($1, $2)
       ON CONFLICT (state_id) DO NOTHING RETURNING state_id`,
      [stateId, expiresAt],
    );
    return inserted.length === 1;
  }
}
