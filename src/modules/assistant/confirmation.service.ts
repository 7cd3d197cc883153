import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Viewer } from '@/access/viewer';
import { ConfirmationRepository } from './confirmation.repository';

/** How long a confirmation question stays answerable. */
export const CONFIRMATION_TTL_MS = 2 * 60_000;

/** JSON with object keys sorted, so the same input always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export type RedeemFailure = 'unknown' | 'used' | 'expired' | 'mismatch';

/**
 * Confirmation in code, not in a prompt: a destructive tool runs only with a
 * token this service minted for the same actor, tool and input, within two
 * minutes, once. Nothing a planner or a piece of data says can produce one.
 */
@Injectable()
export class ConfirmationService {
  constructor(private readonly confirmations: ConfirmationRepository) {}

  async mint(
    viewer: Viewer,
    tool: string,
    input: Record<string, unknown>,
    summary: string,
    now = new Date(),
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(24).toString('base64url');
    // Expiry is measured on the server's clock even when a test pins the turn's clock.
    const expiresAt = new Date(Math.max(Date.now(), now.getTime()) + CONFIRMATION_TTL_MS);
    await this.confirmations.insert(viewer, {
      tokenHash: sha256(token),
      tool,
      input,
      inputHash: sha256(canonicalJson(input)),
      summary,
      expiresAt,
    });
    return { token, expiresAt };
  }

  /** The tool and input a token of this actor was minted for (to run it on "yes"), or null. */
  async peek(
    viewer: Viewer,
    token: string,
  ): Promise<{ tool: string; input: Record<string, unknown>; summary: string } | null> {
    const found = await this.confirmations.find(viewer, sha256(token));
    return found && { tool: found.tool, input: found.input, summary: found.summary };
  }

  /** Consumes the token for exactly this tool and input; says why when it cannot. */
  async redeem(
    viewer: Viewer,
    token: string,
    tool: string,
    input: Record<string, unknown>,
  ): Promise<{ ok: true } | { ok: false; reason: RedeemFailure }> {
    const tokenHash = sha256(token);
    if (await this.confirmations.consume(viewer, tokenHash, tool, sha256(canonicalJson(input)))) {
      return { ok: true };
    }
    const found = await this.confirmations.find(viewer, tokenHash);
    if (!found) return { ok: false, reason: 'unknown' };
    if (found.usedAt) return { ok: false, reason: 'used' };
    if (found.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired' };
    return { ok: false, reason: 'mismatch' };
  }

  prune(batch: number): Promise<number> {
    return this.confirmations.deleteExpired(batch);
  }
}
