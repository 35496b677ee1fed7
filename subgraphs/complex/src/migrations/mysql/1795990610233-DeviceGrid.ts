import type { MigrationInterface, QueryRunner } from 'typeorm';

// Written in the style of `gridhub migration generate` for mysql.
export class DeviceGrid1795990610233 implements MigrationInterface {
  name = 'DeviceGrid1795990610233';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`device\` ADD \`gridId\` int NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`device\` DROP COLUMN \`gridId\``);
  }
}
