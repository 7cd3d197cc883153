import { MigrationInterface, QueryRunner } from 'typeorm';

type ForeignKey = [
  name: string,
  table: string,
  columns: string[],
  referencedTable: string,
  referencedColumns: string[],
  onDelete: 'CASCADE' | 'SET NULL' | 'NO ACTION',
];

/**
 * Tenant-consistent foreign keys (README, "Referential integrity"). A
 * reference to a row of the same organization is a composite key
 * `(x_id, organization_id) → target(id, organization_id)`, backed by a unique
 * `(organization_id, id)` on the target, so the database itself refuses a row
 * pointing into another organization. `SET NULL` on a composite key clears
 * only the reference column (PostgreSQL 15), never `organization_id`.
 * Names are TypeORM's own, so the entities' declarations match.
 */
// prettier-ignore
const FOREIGN_KEYS: ForeignKey[] = [
  ['FK_bc384f746acb69e6648c136803b', 'api_key', ['created_by_user_id'], 'app_user', ['id'], 'SET NULL'],
  ['FK_f8bf75c998e043dc6ad022d28a8', 'api_key', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_6ba8b671c642a9db06649bf21da', 'audit_entry', ['actor_api_key_id', 'organization_id'], 'api_key', ['id', 'organization_id'], 'SET NULL'],
  ['FK_9145793cad0b4c9d2a33a3cc3fd', 'audit_entry', ['actor_user_id'], 'app_user', ['id'], 'SET NULL'],
  ['FK_8cf2877ed54d4467455f772491c', 'audit_entry', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_80d272364f01a3f6a47dd4b00ce', 'calendar_connection', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_ea3eba7b388e4ddb00596976786', 'calendar_connection', ['organization_id', 'user_id'], 'membership', ['organization_id', 'user_id'], 'CASCADE'],
  ['FK_9de9477e85b7acb1e2afe653958', 'calendar_event', ['connection_id', 'organization_id'], 'calendar_connection', ['id', 'organization_id'], 'SET NULL'],
  ['FK_98c40c7bd71d1723fe7264fc60b', 'calendar_event', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_0a60556f4f968d7aca5707a8a29', 'calendar_event', ['organizer_id'], 'app_user', ['id'], 'SET NULL'],
  ['FK_5d78d63ba39864d8a6b4755dba7', 'calendar_event', ['recurring_event_id', 'organization_id'], 'calendar_event', ['id', 'organization_id'], 'CASCADE'],
  ['FK_357f9771ea4951177c9e65a18bc', 'call', ['agent_id'], 'app_user', ['id'], 'SET NULL'],
  ['FK_6ca0d6b5317fe3cea98ec633dcb', 'call', ['campaign_id', 'organization_id'], 'campaign', ['id', 'organization_id'], 'SET NULL'],
  ['FK_1815eb1852f9c71515d2c379cab', 'call', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_e5805ae21e8a0c3770b086c7b2f', 'call', ['score_id', 'organization_id'], 'call_score', ['id', 'organization_id'], 'SET NULL'],
  ['FK_567e3e33357a7c330a1ad74f3b4', 'call_score', ['call_id', 'organization_id'], 'call', ['id', 'organization_id'], 'CASCADE'],
  ['FK_db062eeecbe76b4274fa92029fc', 'call_score', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_f479d6a9995e30aa054ac79aefe', 'call_score', ['scorecard_id', 'organization_id'], 'scorecard', ['id', 'organization_id'], 'NO ACTION'],
  ['FK_8e2fbfe1fc6dc632c4631a1224b', 'campaign', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_4f427092f168b17392c05299e1d', 'campaign', ['scorecard_id', 'organization_id'], 'scorecard', ['id', 'organization_id'], 'SET NULL'],
  ['FK_eb642e356723356151daa9a41d6', 'driver', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_2e79fe1a6e23a3f1e494e301280', 'driver', ['organization_id', 'user_id'], 'membership', ['organization_id', 'user_id'], 'SET NULL'],
  ['FK_e7eb5e3c3dd984d69f6eb1cdf1c', 'email_verification', ['user_id'], 'app_user', ['id'], 'CASCADE'],
  ['FK_153b71f6864aff02d751b339d5a', 'fleet_alert', ['acknowledged_by_id'], 'app_user', ['id'], 'SET NULL'],
  ['FK_671657aed54f6cf7b91c193b48b', 'fleet_alert', ['geofence_id', 'organization_id'], 'geofence', ['id', 'organization_id'], 'SET NULL'],
  ['FK_66d677c7ef3f97aac759e8caf9b', 'fleet_alert', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_c9198114b62cd5dfcdacd6e30d5', 'fleet_alert', ['vehicle_id', 'organization_id'], 'vehicle', ['id', 'organization_id'], 'CASCADE'],
  ['FK_0a47854d64d439af660b9fc4740', 'fleet_integration', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_6cf0e45f3ad4fe8cf5aba7fb2de', 'fleet_settings', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_50b2db4f643e130174f689d0616', 'geofence', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_4a0924fe6999ac3335f3ba843d5', 'invitation', ['invited_by_user_id'], 'app_user', ['id'], 'SET NULL'],
  ['FK_de7c148c7834d738ac7113f3dd8', 'invitation', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_dbf801c80100c878509602456ff', 'invitation', ['user_id'], 'app_user', ['id'], 'CASCADE'],
  ['FK_412ffe9391a352e8a4e3dc46f6f', 'membership', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_e9c72e8d29784031c96f5c6af8d', 'membership', ['user_id'], 'app_user', ['id'], 'CASCADE'],
  ['FK_f537100bc3c7fc0c4e81b4e2e7b', 'outbox_event', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_ea31fce85f9d5559868e5e85d3e', 'phone_number', ['campaign_id', 'organization_id'], 'campaign', ['id', 'organization_id'], 'SET NULL'],
  ['FK_275a8d3958ccb3e903299211e9d', 'phone_number', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_7643a722ca45fb721be1c63dc0c', 'refresh_token', ['session_id'], 'session', ['id'], 'CASCADE'],
  ['FK_d134a4195c5193bb1a637e41067', 'scorecard', ['campaign_id', 'organization_id'], 'campaign', ['id', 'organization_id'], 'CASCADE'],
  ['FK_3f4f911f3b6059974f673d57e56', 'scorecard', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_6a0d474324c25cad71efe5eb505', 'scoring_job', ['call_id', 'organization_id'], 'call', ['id', 'organization_id'], 'CASCADE'],
  ['FK_6a0b6ddacba74e7c5bf76890e71', 'scoring_job', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_4d37fc2b2b0916ced217547f3cd', 'scoring_job', ['score_id', 'organization_id'], 'call_score', ['id', 'organization_id'], 'SET NULL'],
  ['FK_29bace6b4697d7fd53ad928e6a1', 'scoring_job', ['scorecard_id', 'organization_id'], 'scorecard', ['id', 'organization_id'], 'NO ACTION'],
  ['FK_fbccdaa81c7fdb8cdfadd57044c', 'sent_mail', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_adeb5918e4fe0997ef63f15b791', 'session', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_30e98e8746699fb9af235410aff', 'session', ['user_id'], 'app_user', ['id'], 'CASCADE'],
  ['FK_77bb404aa2bcb1943df40b387c9', 'task', ['creator_api_key_id', 'organization_id'], 'api_key', ['id', 'organization_id'], 'SET NULL'],
  ['FK_ec30ef94c7d981113563d91472b', 'task', ['creator_id'], 'app_user', ['id'], 'SET NULL'],
  ['FK_147e162697300e5bad55dbf353d', 'task', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_42a86cb2ab5a9fc7aa0af26a6c8', 'task', ['organization_id', 'assignee_id'], 'membership', ['organization_id', 'user_id'], 'SET NULL'],
  ['FK_e6c1a53ad43e2a30bd8bc7aebb1', 'task', ['parent_id', 'organization_id'], 'task', ['id', 'organization_id'], 'CASCADE'],
  ['FK_afe3191e1c8ae200ac06447e849', 'task', ['team_id', 'organization_id'], 'team', ['id', 'organization_id'], 'SET NULL'],
  ['FK_9240e19d7a0abb2cca7eb9d685a', 'task_comment', ['author_api_key_id', 'organization_id'], 'api_key', ['id', 'organization_id'], 'SET NULL'],
  ['FK_cdb2dcdeb59c097579beb53cb33', 'task_comment', ['author_id'], 'app_user', ['id'], 'SET NULL'],
  ['FK_77ac61d1055ac994e963a5c48b4', 'task_comment', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_bb4fb050e391ae98048e0ae5ef2', 'task_comment', ['task_id', 'organization_id'], 'task', ['id', 'organization_id'], 'CASCADE'],
  ['FK_b71618cf6c9cf1d30ff71b0320a', 'team', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_c88647c9bb67047f0b8123bf767', 'team_member', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_ef8a9f83d6d5b0d98055d72e3e6', 'team_member', ['organization_id', 'user_id'], 'membership', ['organization_id', 'user_id'], 'CASCADE'],
  ['FK_fb1b5ff7bd6e51c07fb381c4d3e', 'team_member', ['team_id', 'organization_id'], 'team', ['id', 'organization_id'], 'CASCADE'],
  ['FK_b923cf0570001383023c0b8cbad', 'twilio_webhook_receipt', ['organization_id'], 'organization', ['id'], 'CASCADE'],
  ['FK_164897e32c8d8b855cab9a32461', 'vehicle', ['driver_id', 'organization_id'], 'driver', ['id', 'organization_id'], 'SET NULL'],
  ['FK_a81a2a695a06eef36dfa7b1a587', 'vehicle', ['organization_id'], 'organization', ['id'], 'CASCADE'],
];

const UNIQUE_KEYS = [
  'api_key',
  'team',
  'task',
  'driver',
  'geofence',
  'vehicle',
  'campaign',
  'scorecard',
  'call',
  'call_score',
  'calendar_connection',
  'calendar_event',
];

const quoted = (columns: string[]) => columns.map((column) => `"${column}"`).join(', ');

export class TenantForeignKeys1795400700000 implements MigrationInterface {
  name = 'TenantForeignKeys1795400700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of UNIQUE_KEYS) {
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${table}_organization_id_key" UNIQUE ("organization_id", "id")`,
      );
    }
    for (const [name, table, columns, referenced, referencedColumns, onDelete] of FOREIGN_KEYS) {
      const reference = columns.find((column) => column !== 'organization_id') ?? columns[0];
      if (onDelete === 'SET NULL') {
        // A reference that already dangles (written before the keys existed)
        // is cleared rather than failing the migration.
        const matches = columns
          .map((column, i) => `target."${referencedColumns[i]}" = source."${column}"`)
          .join(' AND ');
        await queryRunner.query(
          `UPDATE "${table}" source SET "${reference}" = NULL
            WHERE "${reference}" IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM "${referenced}" target WHERE ${matches})`,
        );
      }
      const action =
        onDelete === 'SET NULL' && columns.length > 1 ? `SET NULL ("${reference}")` : onDelete;
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY (${quoted(columns)})
           REFERENCES "${referenced}" (${quoted(referencedColumns)}) ON DELETE ${action} ON UPDATE NO ACTION`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name, table] of [...FOREIGN_KEYS].reverse()) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
    }
    for (const table of [...UNIQUE_KEYS].reverse()) {
      await queryRunner.query(
        `ALTER TABLE "${table}" DROP CONSTRAINT "${table}_organization_id_key"`,
      );
    }
  }
}
