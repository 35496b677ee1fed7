import DataLoader from 'dataloader';
import { byId, defineLoader, groupedBy } from '@gridhub/kit';
import { In } from 'typeorm';
import { GridAssignmentEntity, GridWorkerEntity } from './grid-worker.entity';

export const gridWorkerById = byId(GridWorkerEntity, 'gridWorkerById');
export const workersByCommunity = groupedBy(GridWorkerEntity, 'communityId', 'workersByCommunity');
export const assignmentsByWorker = groupedBy(GridAssignmentEntity, 'workerId', 'assignmentsByWorker');

/** Workers covering each grid: the assignments and the workers, two statements per batch. */
export const workersByGrid = defineLoader<number, GridWorkerEntity[]>('workersByGrid', (db) =>
  new DataLoader(async (gridIds) => {
    const assignments = await db.getRepository(GridAssignmentEntity).findBy({ gridId: In([...gridIds]) });
    const workers = assignments.length
      ? await db.getRepository(GridWorkerEntity).findBy({ id: In([...new Set(assignments.map((a) => a.workerId))]) })
      : [];
    const byId = new Map(workers.map((w) => [w.id, w]));
    return gridIds.map((g) =>
      assignments.filter((a) => a.gridId === Number(g)).map((a) => byId.get(a.workerId)!).filter(Boolean),
    );
  }),
);
