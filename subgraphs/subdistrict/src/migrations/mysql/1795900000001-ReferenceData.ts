import type { MigrationInterface, QueryRunner } from 'typeorm';
import { deleteReferenceData, insertReferenceData } from '../reference-data';

const quote = (n: string) => `\`${n}\``;

// Written by hand: the category tree and deadline policy (reference data), for mysql.
export class ReferenceData1795900000001 implements MigrationInterface {
  name = 'ReferenceData1795900000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await insertReferenceData(queryRunner, quote);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await deleteReferenceData(queryRunner, quote);
  }
}
