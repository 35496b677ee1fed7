import { DataClass, Governed } from '@gridhub/kit';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { COMMUNITY_OF_COMPLEX } from '../complex/complex.entity';

/**
 * A door credential registered for a person. FACE is never the only one: it can be registered only when the
 * person already holds an active non-face credential, and the last non-face one cannot be revoked while a
 * face credential is active. The hub stores a device-side template reference, never a face image.
 */
@Entity('credential')
@Governed(DataClass.CREDENTIALS, { complex: 'complexId', community: COMMUNITY_OF_COMPLEX }, { typeName: 'DoorCredential' })
@Index(['personId', 'revokedAt'])
@Index(['kind', 'reference'])
export class CredentialEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'int' }) personId: number;
  /** CARD | QR | PASSWORD | FACE */
  @Column({ type: 'varchar', length: 8 }) kind: string;
  /** Card number, QR issuer reference or the device's face-template id: personal information, masked in the API. */
  @Column({ type: 'varchar', length: 64 }) reference: string;
  @Column({ type: 'int', nullable: true }) complexId: number | null;
  @CreateDateColumn({ type: 'datetime' }) createdAt: Date;
  @Column({ type: 'datetime', nullable: true }) revokedAt: Date | null;
}
