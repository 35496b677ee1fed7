import type { MigrationInterface, QueryRunner } from 'typeorm';

// Written in the style of `gridhub migration generate` for sqlite: an added nullable column needs no table copy.
export class DeviceGrid1795990610233 implements MigrationInterface {
  name = 'DeviceGrid1795990610233';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "device" ADD COLUMN "gridId" integer`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "device" DROP COLUMN "gridId"`);
  }
}
