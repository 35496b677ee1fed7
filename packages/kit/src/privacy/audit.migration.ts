import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The audit table every subgraph keeps (added by `startSubgraph`). The community tier created it first under this
 * name; keeping the name means databases that ran it do not run it again.
 */

class AuditLogSqlite implements MigrationInterface {
  name = 'AuditLog1795893130163';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_log" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "at" datetime(3) NOT NULL, "actorSubject" varchar(128) NOT NULL, "actorRole" varchar(32) NOT NULL, "action" varchar(32) NOT NULL, "purpose" varchar(255), "targetType" varchar(32) NOT NULL, "targetIds" text NOT NULL, "fields" varchar(255), "requestId" varchar(100) NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "IDX_a6b8adfa094785bf8ed30f2688" ON "audit_log" ("action", "at") `);
    await queryRunner.query(`CREATE INDEX "IDX_45ec9a91d27b6f0e2fbe794a21" ON "audit_log" ("actorSubject", "at") `);
    await queryRunner.query(`CREATE INDEX "IDX_ba27cef5b8b2b1a756e06ebcc5" ON "audit_log" ("at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_ba27cef5b8b2b1a756e06ebcc5"`);
    await queryRunner.query(`DROP INDEX "IDX_45ec9a91d27b6f0e2fbe794a21"`);
    await queryRunner.query(`DROP INDEX "IDX_a6b8adfa094785bf8ed30f2688"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
  }
}

class AuditLogMysql implements MigrationInterface {
  name = 'AuditLog1795893130163';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`audit_log\` (\`id\` int NOT NULL AUTO_INCREMENT, \`at\` datetime(3) NOT NULL, \`actorSubject\` varchar(128) NOT NULL, \`actorRole\` varchar(32) NOT NULL, \`action\` varchar(32) NOT NULL, \`purpose\` varchar(255) NULL, \`targetType\` varchar(32) NOT NULL, \`targetIds\` text NOT NULL, \`fields\` varchar(255) NULL, \`requestId\` varchar(100) NOT NULL, INDEX \`IDX_a6b8adfa094785bf8ed30f2688\` (\`action\`, \`at\`), INDEX \`IDX_45ec9a91d27b6f0e2fbe794a21\` (\`actorSubject\`, \`at\`), INDEX \`IDX_ba27cef5b8b2b1a756e06ebcc5\` (\`at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_ba27cef5b8b2b1a756e06ebcc5\` ON \`audit_log\``);
    await queryRunner.query(`DROP INDEX \`IDX_45ec9a91d27b6f0e2fbe794a21\` ON \`audit_log\``);
    await queryRunner.query(`DROP INDEX \`IDX_a6b8adfa094785bf8ed30f2688\` ON \`audit_log\``);
    await queryRunner.query(`DROP TABLE \`audit_log\``);
  }
}

// Class names differ per dialect; typeorm keys migrations by `name`, which is the same.
Object.defineProperty(AuditLogSqlite, 'name', { value: 'AuditLog1795893130163' });
Object.defineProperty(AuditLogMysql, 'name', { value: 'AuditLog1795893130163' });

export const auditMigrations = { sqlite: AuditLogSqlite as Function, mysql: AuditLogMysql as Function };
